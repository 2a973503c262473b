package org.matricula.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one small text field from the start of a {@code multipart/form-data} body without taking in
 * the rest (an upload form sends its hidden fields before the file), then puts the bytes read back
 * in front of the stream, so the resource still receives the whole body.
 */
final class MultipartToken {

    private static final int HEAD_BYTES = 16 * 1024;

    private MultipartToken() {
    }

    /** The field's value, or {@code null} when it is not among the body's first parts. */
    static String read(ContainerRequestContext request, MediaType type, String field) throws IOException {
        String boundary = type.getParameters().get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            return null;
        }
        InputStream body = request.getEntityStream();
        byte[] head = body.readNBytes(HEAD_BYTES);
        request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(head), body));
        return value(new String(head, StandardCharsets.ISO_8859_1), boundary, field);
    }

    static String value(String head, String boundary, String field) {
        String delimiter = "--" + boundary;
        int at = 0;
        while ((at = head.indexOf(delimiter, at)) >= 0) {
            int headersStart = head.indexOf("\r\n", at);
            int headersEnd = headersStart < 0 ? -1 : head.indexOf("\r\n\r\n", headersStart);
            if (headersEnd < 0) {
                return null;
            }
            String headers = head.substring(headersStart, headersEnd).toLowerCase(java.util.Locale.ROOT);
            int valueEnd = head.indexOf("\r\n" + delimiter, headersEnd + 4);
            if (headers.contains("name=\"" + field.toLowerCase(java.util.Locale.ROOT) + "\"")
                    && !headers.contains("filename=")) {
                return valueEnd < 0 ? null
                        : new String(head.substring(headersEnd + 4, valueEnd).getBytes(StandardCharsets.ISO_8859_1),
                                StandardCharsets.UTF_8);
            }
            if (valueEnd < 0) {
                return null;
            }
            at = valueEnd + 2;
        }
        return null;
    }
}
