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
        return CurrentUser.of(request).orElseThrow(() -> logInFirst(request.getUriInfo().getRequestUri()));
    }

    /** Sends a browser to the log-in page, which brings it back to the address it asked for. */
    public static RedirectionException logInFirst(URI requested) {
        String next = requested.getRawPath() + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery());
        return new RedirectionException(Response.Status.SEE_OTHER,
                URI.create("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
    }

    public static CurrentUser apiUser(ContainerRequestContext request) {
        return CurrentUser.of(request).orElseThrow(() -> new NotAuthorizedException("Log in first",
                "Cookie realm=\"matricula\""));
    }
}
