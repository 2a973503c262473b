package org.matricula.platform.web;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.RedirectionException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The signed-in user of a request: for a page, or a redirect to the login page that comes back
 * here; for an API call, or 401.
 */
public final class SignedIn {

    private SignedIn() {
    }

    public static CurrentUser user(ContainerRequestContext request) {
        return CurrentUser.of(request).orElseThrow(() -> {
            String back = request.getUriInfo().getRequestUri().getRawPath();
            String query = request.getUriInfo().getRequestUri().getRawQuery();
            String next = query == null ? back : back + "?" + query;
            return new RedirectionException(Response.Status.SEE_OTHER,
                    URI.create("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
        });
    }

    public static CurrentUser apiUser(ContainerRequestContext request) {
        return CurrentUser.of(request).orElseThrow(() -> new NotAuthorizedException("Log in first",
                "Cookie realm=\"matricula\""));
    }
}
