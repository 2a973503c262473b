package org.matricula.platform.privacy;

import java.util.Locale;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * An applicant erasing their own account, from the profile page or the API. Erasing cannot be
 * undone, so it takes the current password typed again (not just the session, which a borrowed
 * computer may still hold) and, on the page, a ticked confirmation.
 */
final class OwnErasure {

    private final Accounts accounts;
    private final Erasure erasure;

    OwnErasure(Accounts accounts, Erasure erasure) {
        this.accounts = accounts;
        this.erasure = erasure;
    }

    /**
     * Erases the signed-in user's account; answers how many declarations were anonymized.
     *
     * @throws Conflict for a platform admin's account
     * @throws InvalidInputException when unconfirmed or the password is wrong (429 after too many tries)
     */
    int erase(CurrentUser user, boolean confirmed, String password, String clientAddress, Locale locale) {
        if (user.isAdmin()) {
            throw Erasure.adminRefused(locale);
        }
        if (!confirmed) {
            throw InvalidInputException.field("confirm", Messages.text(locale, "privacy.confirmUnderstandErasingCannot"));
        }
        if (!accounts.confirmPassword(user.id(), password, clientAddress, locale)) {
            throw InvalidInputException.field("password", Messages.text(locale, "privacy.wrongPassword"));
        }
        return erasure.eraseOwn(user.id(), locale);
    }
}
