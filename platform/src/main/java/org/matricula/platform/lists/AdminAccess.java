package org.matricula.platform.lists;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.matricula.platform.accounts.CurrentUser;
import org.matricula.platform.accounts.SecretTokens;

/**
 * The signed-in admin of a request. The session filter already keeps others out of the admin
 * areas; checking again here keeps the lists closed should a route ever sit outside them.
 */
public final class AdminAccess {

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

    /** Refuses a form post whose CSRF token is not the session's. */
    public static void checkCsrf(CurrentUser admin, String presented) {
        if (!SecretTokens.same(admin.csrfToken(), presented)) {
            throw new ForbiddenException("The form is out of date or came from elsewhere; reload the page and try again");
        }
    }
}
