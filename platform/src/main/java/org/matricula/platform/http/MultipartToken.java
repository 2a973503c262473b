package org.matricula.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Reads one small field from the first part of a multipart form body, leaving the body for the
 * resource to read whole: at most {@value #PEEK} bytes are looked at and given back.
 */
final class MultipartToken {

    static final int PEEK = 8192;

    private MultipartToken() {
    }

    /** The value of the first part when it is the field {@code name}; otherwise null. */
    static String firstPart(ContainerRequestContext request, MediaType type, String name) throws IOException {
        String boundary = type.getParameters().get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            return null;
        }
        InputStream body = request.getEntityStream();
        InputStream buffered = body.markSupported() ? body : new BufferedInputStream(body, PEEK);
        buffered.mark(PEEK);
        byte[] head = buffered.readNBytes(PEEK);
        buffered.reset();
        request.setEntityStream(buffered);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String start = "--" + boundary + "\r\n";
        if (!text.startsWith(start)) {
            return null;
        }
        int headersEnd = text.indexOf("\r\n\r\n", start.length());
        if (headersEnd < 0) {
            return null;
        }
        String headers = text.substring(start.length(), headersEnd);
        Pattern disposition = Pattern.compile("(?im)^content-disposition:\\s*form-data;\\s*name=\"" + Pattern.quote(name)
                + "\"\\s*$");
        if (!disposition.matcher(headers).find()) {
            return null;
        }
        int valueEnd = text.indexOf("\r\n--" + boundary, headersEnd + 4);
        return valueEnd < 0 ? null : text.substring(headersEnd + 4, valueEnd);
    }
}
