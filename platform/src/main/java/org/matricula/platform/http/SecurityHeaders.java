package org.matricula.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers that keep the browser on the safe side on every response: scripts, styles and forms
 * only from this server, never framed, no content sniffing, no full addresses leaked onwards.
 * Set here on the application's responses and by {@link JettyErrors} on the answers Jetty gives
 * before a request reaches the application.
 */
public final class SecurityHeaders implements ContainerResponseFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> ALL = headers();

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", POLICY);
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        return Collections.unmodifiableMap(headers);
    }

    /** The policy of pages other sites may frame: the same, but any site may be the frame's parent. */
    static final String FRAMEABLE_POLICY = POLICY.replace("frame-ancestors 'none'", "frame-ancestors *");

    @Context
    private ResourceInfo resource;

    /** Every security header by name, with its value, in a stable order. */
    public static Map<String, String> all() {
        return ALL;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        ALL.forEach(headers::putSingle);
        if (frameable()) {
            headers.remove("X-Frame-Options");
            headers.putSingle("Content-Security-Policy", FRAMEABLE_POLICY);
        }
    }

    /** Whether the matched resource method, or its class, lets other sites frame its pages. */
    private boolean frameable() {
        Method method = resource == null ? null : resource.getResourceMethod();
        return method != null && (method.isAnnotationPresent(Frameable.class)
                || resource.getResourceClass().isAnnotationPresent(Frameable.class));
    }
}
