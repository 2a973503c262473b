package org.matricula.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.io.EofException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * Refuses request bodies no route can read before anything reads them: larger than the route
 * takes (413), of a malformed Content-Type (400) or of a charset Java does not know (415).
 * While a body is read, the client's failures to deliver it (more than the limit, cut off before
 * its declared length, or stalled until the connection's idle timeout) are told apart from the
 * server's own faults as {@link UnreadableBody}. Runs before the filters that read form bodies
 * for the CSRF token.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestBodies implements ContainerRequestFilter {

    /** JSON and form posts: a few kilobytes in practice. */
    static final long FORM_LIMIT = 2L * 1024 * 1024;
    /** Document uploads: 10 MB files plus the multipart framing. */
    static final long UPLOAD_LIMIT = 11L * 1024 * 1024;
    /**
     * How much of a refused body is still read and thrown away before the refusal is answered.
     * A server that answers and closes with unread bytes on the connection resets it, and the
     * client, still sending, may lose the answer with the reset: a browser then shows "connection
     * reset" instead of "the file is too large". Beyond this much the connection is closed anyway.
     */
    static final long SWALLOW_LIMIT = 16L * 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        // Checked even for an empty body: Jersey's readers would still look up the charset.
        // The reader's language is read only when a refusal is to be told.
        MediaType type;
        try {
            type = request.getMediaType();
        } catch (RuntimeException malformed) {
            throw new BadRequestException(Messages.text(Language.of(request), "problem.body.contentType",
                    request.getHeaderString("Content-Type")));
        }
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !supported(charset)) {
            throw new WebApplicationException(Messages.text(Language.of(request), "problem.body.charset", charset),
                    Response.Status.UNSUPPORTED_MEDIA_TYPE);
        }
        if (withoutBody(request) || !request.hasEntity()) {
            return;
        }
        // The limit is the matched route's (RouteLimit, below); until then nothing reads the body.
        Limited limited = new Limited(request.getEntityStream(), Long.MAX_VALUE, () -> Language.of(request));
        request.setProperty(LIMITED, limited);
        request.setEntityStream(limited);
    }

    private static final String LIMITED = RequestBodies.class.getName() + ".limited";

    /**
     * A GET or HEAD that declares no body has none (HTTP/1.1 frames a body by Content-Length or
     * Transfer-Encoding only): answered from the headers, where asking Jersey would peek at the stream.
     */
    private static boolean withoutBody(ContainerRequestContext request) {
        String method = request.getMethod();
        return ("GET".equals(method) || "HEAD".equals(method)) && request.getLength() < 0
                && request.getHeaderString("Transfer-Encoding") == null;
    }

    /**
     * Gives each resource method its body limit: {@link BodyLimit} where it declares one, else
     * {@link #UPLOAD_LIMIT} for multipart uploads and {@link #FORM_LIMIT} for the rest.
     */
    public static final class Limits implements DynamicFeature {
        @Override
        public void configure(ResourceInfo resource, FeatureContext context) {
            BodyLimit declared = resource.getResourceMethod().getAnnotation(BodyLimit.class);
            if (declared == null) {
                declared = resource.getResourceClass().getAnnotation(BodyLimit.class);
            }
            long limit = declared == null ? 0 : declared.megabytes() * 1024L * 1024L;
            context.register(new RouteLimit(limit), Priorities.AUTHENTICATION - 150);
        }
    }

    /** Runs once the route is matched, before any filter reads the body (the CSRF check of forms). */
    private static final class RouteLimit implements ContainerRequestFilter {
        private final long declared;

        RouteLimit(long declared) {
            this.declared = declared;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!(request.getProperty(LIMITED) instanceof Limited limited)) {
                return;
            }
            MediaType type = request.getMediaType();
            long limit = declared > 0 ? declared
                    : type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE) ? UPLOAD_LIMIT : FORM_LIMIT;
            if (request.getLength() > limit) {
                if (request.getLength() <= SWALLOW_LIMIT) {
                    swallow(limited.in());
                }
                throw tooLarge(limit, Language.of(request));
            }
            // A body without a declared length is counted as it is read.
            limited.limit = limit;
        }
    }

    /** Reads and forgets what is left of a refused body, up to {@link #SWALLOW_LIMIT}; the client's failures do not matter. */
    private static void swallow(InputStream body) {
        byte[] buffer = new byte[16 * 1024];
        long left = SWALLOW_LIMIT;
        try {
            for (int n; left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException gone) {
            // The connection is closed after the refusal in any case.
        }
    }

    private static boolean supported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalArgumentException illegalName) {
            return false;
        }
    }

    static WebApplicationException tooLarge(long limit, Locale locale) {
        return new WebApplicationException(tooLargeMessage(limit, locale), Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    private static String tooLargeMessage(long limit, Locale locale) {
        return Messages.text(locale, "problem.body.tooLarge", limit / (1024 * 1024));
    }

    /**
     * A request body the client did not deliver as it should have, with the status that says so.
     * An {@link IOException}, so that the readers of JSON, forms and multipart pass it on as a
     * failure to read rather than wrapping it as a value they could not read.
     */
    public static final class UnreadableBody extends IOException {
        private final Response.Status status;

        UnreadableBody(Response.Status status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public Response.Status status() {
            return status;
        }

        /** The unreadable body behind an exception, however the reader of the body wrapped it. */
        public static Optional<UnreadableBody> in(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnreadableBody unreadable) {
                    return Optional.of(unreadable);
                }
            }
            return Optional.empty();
        }
    }

    /** Counts what is read against the limit and tells the client's failures to deliver from other ones. */
    private static final class Limited extends FilterInputStream {
        private volatile long limit;
        /** The language the client's failures are told in, read when one is: the request is still being served. */
        private final Supplier<Locale> language;
        private long read;

        Limited(InputStream in, long limit, Supplier<Locale> language) {
            super(in);
            this.limit = limit;
            this.language = language;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            } catch (IOException e) {
                throw undelivered(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                count(Math.max(n, 0));
                return n;
            } catch (IOException e) {
                throw undelivered(e);
            }
        }

        InputStream in() {
            return in;
        }

        private void count(int n) throws UnreadableBody {
            read += n;
            if (read > limit) {
                swallow(in);
                throw new UnreadableBody(Response.Status.REQUEST_ENTITY_TOO_LARGE, tooLargeMessage(limit, language.get()),
                        null);
            }
        }

        private IOException undelivered(IOException e) {
            if (e instanceof UnreadableBody) {
                return e;
            }
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof TimeoutException) {
                    return new UnreadableBody(Response.Status.REQUEST_TIMEOUT,
                            Messages.text(language.get(), "problem.body.timeout"), e);
                }
                if (cause instanceof EofException) {
                    return new UnreadableBody(Response.Status.BAD_REQUEST,
                            Messages.text(language.get(), "problem.body.ended"), e);
                }
            }
            return e;
        }
    }
}
