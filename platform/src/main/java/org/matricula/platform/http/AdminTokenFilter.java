package org.matricula.platform.http;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.matricula.platform.accounts.CurrentUser;
import org.matricula.platform.web.AdminAreas;

/**
 * Guards {@code /api/admin/**} (the plugin admin API): open to a signed-in platform admin, and to
 * automation presenting the configured admin token ({@code Authorization: Bearer ...}); with no
 * token configured, tokens are refused and only platform admins get in.
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
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<CurrentUser> user = CurrentUser.of(request);
        if (header == null && user.isPresent()) {
            if (!user.get().isAdmin()) {
                throw new ForbiddenException("Only platform admins manage plugins");
            }
            return;
        }
        if (header == null) {
            throw new NotAuthorizedException("Log in as a platform admin, or send the admin token "
                    + "(Authorization: Bearer <admin.token>)", "Bearer realm=\"matricula-admin\"");
        }
        if (token.length == 0) {
            throw new ForbiddenException("Admin tokens are off: set admin.token in the configuration to use one");
        }
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new NotAuthorizedException("A valid admin token is required (Authorization: Bearer <admin.token>)",
                    "Bearer realm=\"matricula-admin\"");
        }
    }

    /** Whether this filter asks requests to the path (relative, no leading slash) for the admin token. */
    public static boolean guards(String path) {
        return AdminAreas.isPluginAdminApi(path);
    }
}
