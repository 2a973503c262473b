package org.matricula.platform.accounts;

import java.util.Locale;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.MailMessage;

/** The texts of the mails an account receives, with links to this server's public address. */
final class AccountMail {

    private final String baseUrl;

    AccountMail(String baseUrl) {
        // Links are appended as "/path", so a configured trailing slash must not double it.
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    MailMessage verification(AccountRow account, String token) {
        Locale locale = account.preferredLocale();
        String link = baseUrl + "/verify?token=" + token;
        return new MailMessage(account.email(),
                Messages.text(locale, "accounts.confirmEmailAddressMatricula"),
                Messages.text(locale, "accounts.mail.verification", account.displayName(), link));
    }

    MailMessage passwordReset(AccountRow account, String token) {
        Locale locale = account.preferredLocale();
        String link = baseUrl + "/password/reset?token=" + token;
        return new MailMessage(account.email(),
                Messages.text(locale, "accounts.passwordResetMatricula"),
                Messages.text(locale, "accounts.mail.passwordReset", link));
    }
}
