package org.matricula.platform.web;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.OutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** A page already encoded in UTF-8, as {@link Views} fills it from its shape. */
public record HtmlPage(byte[] utf8) {

    static HtmlPage of(String page) {
        return new HtmlPage(page.getBytes(StandardCharsets.UTF_8));
    }

    /** The page as text, for tests and the rare caller that edits a page. */
    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Sends the bytes as they are, with their length. */
    @Provider
    @Produces(MediaType.TEXT_HTML)
    public static final class BodyWriter implements MessageBodyWriter<HtmlPage> {

        @Override
        public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
            return type == HtmlPage.class;
        }

        @Override
        public void writeTo(HtmlPage page, Class<?> type, Type genericType, Annotation[] annotations,
                MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream body) throws IOException {
            headers.putSingle(HttpHeaders.CONTENT_LENGTH, page.utf8.length);
            body.write(page.utf8);
        }
    }
}
