package org.matricula.platform.crm.xapi;

import jakarta.annotation.Priority;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Optional;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * Signs in an LMS client by its HTTP Basic credentials as the {@link Roles#LMS_CLIENT} role
 * ({@link XapiVersionHeader} names the xAPI version on the answers).
 */
@LmsCredentials
@Priority(Priorities.AUTHENTICATION)
final class LmsClientFilter implements ContainerRequestFilter {

    static final String VERSION_HEADER = "X-Experience-API-Version";
    static final String VERSION = "1.0.3";
    private static final String CHALLENGE = "Basic realm=\"matricula-xapi\"";

    private final LmsClients clients;

    LmsClientFilter(LmsClients clients) {
        this.clients = clients;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<LmsClients.Caller> caller = credentials(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .flatMap(pair -> clients.authenticate(pair[0], pair[1]));
        if (caller.isEmpty()) {
            throw new NotAuthorizedException(Messages.text(Language.of(request), "xapi.problem.credentials"),
                    CHALLENGE);
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setProperty(LmsClients.Caller.class.getName(), caller.get());
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> "LMS " + caller.get().name();
            }

            @Override
            public boolean isUserInRole(String role) {
                return Roles.LMS_CLIENT.equals(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return SecurityContext.BASIC_AUTH;
            }
        });
    }

    /** The client signed in on this request. */
    static LmsClients.Caller caller(ContainerRequestContext request) {
        return (LmsClients.Caller) request.getProperty(LmsClients.Caller.class.getName());
    }

    private static Optional<String[]> credentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 1 ? Optional.empty()
                    : Optional.of(new String[] {pair.substring(0, colon), pair.substring(colon + 1)});
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
