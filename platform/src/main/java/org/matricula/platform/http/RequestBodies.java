package org.matricula.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * Refuses request bodies no route can read before anything reads them: larger than the route
 * takes (413), of a malformed Content-Type (400) or of a charset Java does not know (415).
 * Runs before the filters that read form bodies for the CSRF token.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestBodies implements ContainerRequestFilter {

    /** JSON and form posts: a few kilobytes in practice. */
    static final long FORM_LIMIT = 2L * 1024 * 1024;
    /** Document uploads: 10 MB files plus the multipart framing. */
    static final long UPLOAD_LIMIT = 11L * 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        // Checked even for an empty body: Jersey's readers would still look up the charset.
        MediaType type;
        try {
            type = request.getMediaType();
        } catch (RuntimeException malformed) {
            throw new BadRequestException("The Content-Type header is malformed: '"
                    + request.getHeaderString("Content-Type") + "'");
        }
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !supported(charset)) {
            throw new WebApplicationException("Unknown charset '" + charset + "': send the body in UTF-8",
                    Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
        if (!request.hasEntity()) {
            return;
        }
        // Plugin JARs are limited (and checked) by the plugin upload itself.
        if (request.getUriInfo().getPath().startsWith("api/admin/plugins")) {
            return;
        }
        long limit = type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE) ? UPLOAD_LIMIT : FORM_LIMIT;
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        // A body without a declared length is counted as it is read.
        request.setEntityStream(new Limited(request.getEntityStream(), limit));
    }

    private static boolean supported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalArgumentException illegalName) {
            return false;
        }
    }

    static WebApplicationException tooLarge(long limit) {
        return new WebApplicationException("The request body is larger than the " + limit / (1024 * 1024)
                + " MB this address accepts", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    /** Fails the read once more than the limit has been read. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
