package org.matricula.platform.http;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /api/admin/**} with the configured admin token ({@code Authorization: Bearer ...}).
 * With no token configured the admin API is closed.
 */
public final class AdminTokenFilter implements ContainerRequestFilter {

    private final byte[] token;

    public AdminTokenFilter(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!guards(request.getUriInfo().getPath())) {
            return;
        }
        if (token.length == 0) {
            throw new ForbiddenException("The admin API is closed: set admin.token in the configuration to open it");
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new NotAuthorizedException("A valid admin token is required (Authorization: Bearer <admin.token>)",
                    "Bearer realm=\"matricula-admin\"");
        }
    }

    /** Whether this filter asks requests to the path (relative, no leading slash) for the admin token. */
    public static boolean guards(String path) {
        return path.startsWith("api/admin");
    }
}
