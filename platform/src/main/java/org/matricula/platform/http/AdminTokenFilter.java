package org.matricula.platform.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * Signs in automation presenting the configured admin token ({@code Authorization: Bearer ...},
 * the scheme in any case) as the {@link Roles#AUTOMATION} role. Bound by {@link AccessFeature}
 * only to the methods that let automation in; a request there without the header keeps its
 * session. With no token configured, every token is refused.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AdminTokenFilter implements ContainerRequestFilter {

    /** The name audit entries give the token's caller. */
    public static final String CALLER = "admin token";
    private static final Principal AUTOMATION = () -> CALLER;

    private final byte[] token;

    public AdminTokenFilter(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return;
        }
        if (token.length == 0) {
            throw new ForbiddenException(Messages.text(Language.of(request), "problem.token.off"));
        }
        String presented = BearerToken.of(header).orElse("");
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new NotAuthorizedException(Messages.text(Language.of(request), "problem.token.invalid"),
                    "Bearer realm=\"matricula-admin\"");
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return AUTOMATION;
            }

            @Override
            public boolean isUserInRole(String role) {
                return Roles.AUTOMATION.equals(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }

    /** Whether the request's caller is automation signed in by the token. */
    public static boolean byToken(ContainerRequestContext request) {
        SecurityContext caller = request.getSecurityContext();
        return caller != null && caller.isUserInRole(Roles.AUTOMATION);
    }
}
