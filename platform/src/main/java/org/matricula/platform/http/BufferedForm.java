package org.matricula.platform.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a URL-encoded form body in a filter and puts the bytes back, so the resource can still
 * read the form afterwards.
 */
final class BufferedForm {

    // Forms of this application are a few kilobytes; a bigger body is not a form post.
    private static final int MAX_BYTES = 2 * 1024 * 1024;

    private BufferedForm() {
    }

    /** The first value of each field. */
    static Map<String, String> read(ContainerRequestContext request) throws IOException {
        byte[] body = request.getEntityStream().readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw new WebApplicationException("The form is too large", Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    static Map<String, String> parse(String encoded) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // A broken escape cannot be the token; treat the part as absent rather than failing the request.
            return "";
        }
    }
}
