package org.matricula.platform.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is signed in on this request, put on the request by the session filter; its CSRF token
 * goes into every form the pages render. Whether the account has confirmed its address is read
 * with the session, so the pages and the submission need not read the account again.
 */
public record CurrentUser(UUID id, String email, String displayName, Role role, String sessionId,
        String csrfToken, boolean verified) {

    public static final String PROPERTY = "matricula.user";

    /**
     * Applicants; project admins, who work on the declarations of the projects they are given;
     * coordinators, who read the declarations of applicants from their organization; and platform
     * admins, who do everything, plugins included; CRM managers work on the CRM's persons,
     * organizations, timelines and tasks, and see no declarations but through a person's card.
     */
    public enum Role { APPLICANT, PROJECT_ADMIN, COORDINATOR, ADMIN, CRM_MANAGER }

    /** A platform admin. */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether the account may declare: staff always, an applicant once their address is confirmed. */
    public boolean mayDeclare() {
        return isStaff() || verified;
    }

    /** Anyone who works in the administration, within their scope. */
    public boolean isStaff() {
        return role != Role.APPLICANT;
    }

    public static Optional<CurrentUser> of(ContainerRequestContext request) {
        return Optional.ofNullable((CurrentUser) request.getProperty(PROPERTY));
    }
}
