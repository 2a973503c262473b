package org.matricula.platform.web;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.SecretTokens;
import org.matricula.platform.i18n.Messages;

/**
 * The signed-in admin of a request, and the CSRF check of every admin write. The session filter
 * already keeps others out of the admin areas; checking again here keeps an admin resource safe
 * even if it is ever mounted elsewhere.
 */
public final class AdminAccess {

    /** The header API clients echo the session's CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The hidden field HTML forms carry it in. */
    public static final String CSRF_FIELD = "_csrf";

    private AdminAccess() {
    }

    public static CurrentUser admin(ContainerRequestContext request) {
        CurrentUser user = CurrentUser.of(request).orElseThrow(() -> new NotAuthorizedException(
                Messages.text(Language.of(request), "access.logInAsAdmin"), "Cookie realm=\"matricula\""));
        if (!user.isAdmin()) {
            throw new ForbiddenException(Messages.text(Language.of(request), "access.adminsOnly"));
        }
        return user;
    }

    /** A staff member (platform admin, project admin or coordinator); what they see is their scope's. */
    public static CurrentUser staff(ContainerRequestContext request) {
        CurrentUser user = CurrentUser.of(request).orElseThrow(() -> new NotAuthorizedException(
                Messages.text(Language.of(request), "access.logIn"), "Cookie realm=\"matricula\""));
        if (!user.isStaff()) {
            throw new ForbiddenException(Messages.text(Language.of(request), "access.staffOnly"));
        }
        return user;
    }

    /** Refuses a form post whose CSRF token is not the session's. */
    public static void checkCsrf(CurrentUser user, String presented) {
        if (!SecretTokens.same(user.csrfToken(), presented)) {
            throw org.matricula.platform.errors.ForbiddenException.localized("refusal.csrf");
        }
    }

    /** The admin, provided the request carries the session's CSRF token (form field or header). */
    public static CurrentUser writingAdmin(ContainerRequestContext request, String presentedToken) {
        CurrentUser admin = admin(request);
        checkCsrf(admin, presentedToken != null ? presentedToken : request.getHeaderString(CSRF_HEADER));
        return admin;
    }
}
