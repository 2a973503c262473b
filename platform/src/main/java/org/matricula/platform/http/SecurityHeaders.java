package org.matricula.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
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
 *
 * <p>Which methods' pages may be framed is decided once, at start-up: those methods get a filter
 * that marks their requests before any other post-matching filter can refuse them, and the
 * response filter only reads the mark (no per-request lookup of the matched method).
 */
public final class SecurityHeaders implements ContainerResponseFilter, DynamicFeature {

    private static final String FRAMEABLE_PROPERTY = "matricula.frameable";

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

    /** Every security header by name, with its value, in a stable order. */
    public static Map<String, String> all() {
        return ALL;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (frameable(resource.getResourceClass(), resource.getResourceMethod())) {
            context.register(new FrameableMark(), Priorities.AUTHENTICATION - 200);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        ALL.forEach(headers::putSingle);
        if (request.getProperty(FRAMEABLE_PROPERTY) != null) {
            headers.remove("X-Frame-Options");
            headers.putSingle("Content-Security-Policy", FRAMEABLE_POLICY);
        }
    }

    /** Whether the method, or its class, lets other sites frame its pages. */
    static boolean frameable(Class<?> resourceClass, Method method) {
        return method != null && (method.isAnnotationPresent(Frameable.class)
                || resourceClass != null && resourceClass.isAnnotationPresent(Frameable.class));
    }

    /**
     * Marks the requests of a frameable method; runs before the post-matching filters that could
     * refuse them, so that a refusal of a frameable page is framed as the page would be.
     */
    @Priority(Priorities.AUTHENTICATION - 200)
    private static final class FrameableMark implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            request.setProperty(FRAMEABLE_PROPERTY, Boolean.TRUE);
        }
    }
}
