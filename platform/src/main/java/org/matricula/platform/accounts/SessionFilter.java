package org.matricula.platform.accounts;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.matricula.platform.http.Roles;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.RequestCookies;

/**
 * Signs the request in as the user of its session cookie: puts them on the request and tells
 * Jersey's security context who they are and which roles they hold. Who may call what is decided
 * afterwards, on the matched resource method, by what it declares.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class SessionFilter implements ContainerRequestFilter {

    private final Accounts accounts;

    public SessionFilter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SessionCookies.read(RequestCookies.of(request), SessionCookies.SESSION).flatMap(accounts::session)
                .ifPresent(user -> {
                    request.setProperty(CurrentUser.PROPERTY, user);
                    boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
                    request.setSecurityContext(new SessionSecurity(user, secure));
                });
    }

    /** A signed-in account as the security context sees it. */
    private record SessionSecurity(CurrentUser user, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return user::email;
        }

        @Override
        public boolean isUserInRole(String role) {
            return switch (role) {
                case Roles.SIGNED_IN -> true;
                case Roles.STAFF -> user.isStaff();
                default -> user.role().name().equals(role);
            };
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Session";
        }
    }
}
