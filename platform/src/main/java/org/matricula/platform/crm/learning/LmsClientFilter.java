package org.matricula.platform.crm.learning;

import jakarta.annotation.Priority;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/** Signs in an LMS client by its HTTP Basic credentials with the role {@link #ROLE}; others get 401. */
@LmsClientRequired
@Priority(Priorities.AUTHENTICATION)
public final class LmsClientFilter implements ContainerRequestFilter {

    /** The role of a caller signed in as an LMS client. */
    public static final String ROLE = "LMS_CLIENT";
    static final String CLIENT = "matricula.crm.lmsClient";

    private final LmsClients clients;

    public LmsClientFilter(LmsClients clients) {
        this.clients = clients;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        LmsClients.Client client = clients.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> new NotAuthorizedException(Messages.text(Language.of(request), "crm.xapi.credentials"),
                        "Basic realm=\"matricula-xapi\""));
        request.setProperty(CLIENT, client);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        Principal principal = client::username;
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return ROLE.equals(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Basic";
            }
        });
    }
}
