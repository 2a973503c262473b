package org.matricula.platform.crm.leads;

import jakarta.annotation.Priority;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.matricula.platform.http.BearerToken;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * Signs in a lead source by its API key ({@code Authorization: Bearer mlk_...}, the scheme in any
 * case, or {@code X-Api-Key: mlk_...}) with the role {@link #ROLE}, which the lead routes declare.
 * A missing, unknown or revoked key is answered 401.
 */
@LeadKeyRequired
@Priority(Priorities.AUTHENTICATION)
public final class LeadKeyFilter implements ContainerRequestFilter {

    /** The role of a caller signed in by a lead source's key. */
    public static final String ROLE = "LEAD_SOURCE";
    static final String SOURCE = "matricula.crm.leadSource";

    private final LeadSources sources;

    public LeadKeyFilter(LeadSources sources) {
        this.sources = sources;
    }

    /** The answer to a missing, unknown or revoked key: 401. */
    static NotAuthorizedException refused(ContainerRequestContext request) {
        return new NotAuthorizedException(Messages.text(Language.of(request), "crm.lead.key"),
                "Bearer realm=\"matricula-leads\"");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String key = BearerToken.of(header).orElseGet(() -> request.getHeaderString("X-Api-Key"));
        LeadSources.Source source = sources.authenticate(key).orElseThrow(() -> refused(request));
        request.setProperty(SOURCE, source);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        Principal principal = source::name;
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
                return "Bearer";
            }
        });
    }
}
