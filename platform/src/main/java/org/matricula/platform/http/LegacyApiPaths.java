package org.matricula.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Serves the JSON routes of the first release at their unversioned addresses ({@code /api/auth},
 * {@code /api/me}, {@code /api/families}, {@code /api/admin/plugins}) for one more minor version:
 * such a request is routed to its {@code /api/v1} successor before matching, so access, CSRF and
 * audit see the one route, and its answer says it is deprecated and where the successor is
 * (RFC 9745 {@code Deprecation}, RFC 8288 {@code Link: rel="successor-version"}).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class LegacyApiPaths implements ContainerRequestFilter, ContainerResponseFilter {

    /** The unversioned route prefixes that existed, relative to the application root. */
    public static final List<String> PREFIXES = List.of("api/auth", "api/me", "api/families", "api/admin/plugins");
    private static final String SUCCESSOR = "matricula.successor";

    @Override
    public void filter(ContainerRequestContext request) {
        successorOf(request.getUriInfo().getPath(false)).ifPresent(successor -> {
            URI requested = request.getUriInfo().getRequestUri();
            URI routed = UriBuilder.fromUri(requested).replacePath("/" + successor).build();
            request.setProperty(SUCCESSOR, routed.getRawPath());
            request.setRequestUri(request.getUriInfo().getBaseUri(), routed);
        });
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object successor = request.getProperty(SUCCESSOR);
        if (successor != null) {
            response.getHeaders().putSingle("Deprecation", "true");
            response.getHeaders().add("Link", "<" + successor + ">; rel=\"successor-version\"");
        }
    }

    /** The {@code api/v1/...} path that replaces an unversioned one (relative, raw), if it is one. */
    public static Optional<String> successorOf(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        // every request passes here: most are not under api/ at all, or already under api/v1/
        if (!relative.startsWith("api/") || relative.startsWith("api/v1/")) {
            return Optional.empty();
        }
        return PREFIXES.stream().filter(prefix -> relative.equals(prefix) || relative.startsWith(prefix + "/"))
                .findFirst().map(prefix -> "api/v1/" + relative.substring("api/".length()));
    }
}
