package org.matricula.platform.web;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.matricula.platform.accounts.CurrentUser;
import org.matricula.platform.accounts.SecretTokens;

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
                "Log in as an administrator first", "Cookie realm=\"matricula\""));
        if (!user.isAdmin()) {
            throw new ForbiddenException("Только для администраторов / Administrators only");
        }
        return user;
    }

    /** The admin, provided the request carries the session's CSRF token (form field or header). */
    public static CurrentUser writingAdmin(ContainerRequestContext request, String presentedToken) {
        CurrentUser admin = admin(request);
        String token = presentedToken != null ? presentedToken : request.getHeaderString(CSRF_HEADER);
        if (!SecretTokens.same(admin.csrfToken(), token)) {
            throw new ForbiddenException("The form has expired or did not come from this site: reload the page "
                    + "and try again (CSRF token missing or wrong)");
        }
        return admin;
    }
}
