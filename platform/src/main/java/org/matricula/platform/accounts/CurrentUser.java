package org.matricula.platform.accounts;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is signed in on this request, put on the request by the session filter; its CSRF token
 * goes into every form the pages render.
 */
public record CurrentUser(UUID id, String email, String displayName, Role role, String sessionId,
        String csrfToken) {

    public static final String PROPERTY = "matricula.user";

    public enum Role { APPLICANT, ADMIN }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public static Optional<CurrentUser> of(ContainerRequestContext request) {
        return Optional.ofNullable((CurrentUser) request.getProperty(PROPERTY));
    }
}
