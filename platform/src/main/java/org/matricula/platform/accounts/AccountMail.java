package org.matricula.platform.accounts;

import java.util.Locale;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.web.Language;

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
                Language.pick(locale, "Подтвердите адрес почты — Matricula", "Confirm your email address — Matricula"),
                Language.pick(locale,
                        "Здравствуйте, " + account.displayName() + "!\n\n"
                                + "Чтобы подтвердить адрес почты, откройте ссылку:\n" + link + "\n\n"
                                + "Ссылка действует 48 часов. Если вы не регистрировались, просто удалите это письмо.",
                        "Hello " + account.displayName() + ",\n\n"
                                + "To confirm your email address, open this link:\n" + link + "\n\n"
                                + "The link works for 48 hours. If you did not sign up, just delete this mail."));
    }

    MailMessage passwordReset(AccountRow account, String token) {
        Locale locale = account.preferredLocale();
        String link = baseUrl + "/password/reset?token=" + token;
        return new MailMessage(account.email(),
                Language.pick(locale, "Смена пароля — Matricula", "Password reset — Matricula"),
                Language.pick(locale,
                        "Здравствуйте!\n\nЧтобы задать новый пароль, откройте ссылку:\n" + link + "\n\n"
                                + "Ссылка действует один час и срабатывает один раз. "
                                + "Если вы не просили сменить пароль, ничего не делайте: старый пароль остаётся.",
                        "Hello,\n\nTo choose a new password, open this link:\n" + link + "\n\n"
                                + "The link works once, within one hour. "
                                + "If you did not ask for a new password, do nothing: your password stays as it is."));
    }
}
