package org.matricula.platform.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;

/**
 * The cookies of a request, parsed once. Jersey parses the {@code Cookie} header again on every
 * {@code getCookies()}; a page asked four times (session, language, flash message, visitor), and
 * the parsing, by regular expressions, was 6% of a form view.
 */
public final class RequestCookies {

    private static final String PROPERTY = RequestCookies.class.getName();

    private RequestCookies() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Cookie> of(ContainerRequestContext request) {
        Object kept = request.getProperty(PROPERTY);
        if (kept != null) {
            return (Map<String, Cookie>) kept;
        }
        Map<String, Cookie> cookies = request.getCookies();
        request.setProperty(PROPERTY, cookies);
        return cookies;
    }

    /** The same for a resource method's headers, which are the request's when Jersey hands in its own. */
    public static Map<String, Cookie> of(HttpHeaders headers) {
        return headers instanceof ContainerRequestContext request ? of(request) : headers.getCookies();
    }
}
