package org.matricula.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Writes a text answer (every page, rendered to a string) as one array of bytes with its length:
 * encoded in a single pass instead of through a buffered writer in 8 KB pieces, and sent with a
 * {@code Content-Length} rather than chunked. The charset is the media type's, UTF-8 when it names none.
 */
@Provider
@Produces(MediaType.WILDCARD)
@Priority(1)
public final class TextWriter implements MessageBodyWriter<String> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == String.class;
    }

    @Override
    public void writeTo(String text, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream body) throws IOException {
        byte[] bytes = text.getBytes(charset(mediaType));
        headers.putSingle(HttpHeaders.CONTENT_LENGTH, bytes.length);
        body.write(bytes);
    }

    private static Charset charset(MediaType mediaType) {
        String name = mediaType == null ? null : mediaType.getParameters().get(MediaType.CHARSET_PARAMETER);
        return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    }
}
