package org.matricula.platform.accounts;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.OneTimeTokens.Purpose;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.Outbox;

/** Forgotten passwords: a mailed single-use link, then a new password that ends every session. */
final class PasswordResets {

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final PasswordHasher hasher;
    private final AccountMail mail;
    private final OneTimeTokens tokens;
    private final Clock clock;

    PasswordResets(Jdbi jdbi, Outbox outbox, PasswordHasher hasher, AccountMail mail, OneTimeTokens tokens,
            Clock clock) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.hasher = hasher;
        this.mail = mail;
        this.tokens = tokens;
        this.clock = clock;
    }

    void request(String email) {
        jdbi.useTransaction(handle -> handle.attach(AccountDao.class).findByEmail(email)
                .ifPresent(account -> outbox.mail(handle,
                        mail.passwordReset(account, tokens.issue(handle, account.id(), Purpose.RESET)))));
    }

    /**
     * A rejected password rolls the transaction back, so the link stays usable for another try.
     * Answers the account whose password was set (its sessions are ended).
     */
    UUID reset(String token, String newPassword, Locale locale) {
        return jdbi.inTransaction(handle -> {
            UUID accountId = tokens.consume(handle, token, Purpose.RESET).orElseThrow(() -> invalidLink(locale));
            AccountDao accounts = handle.attach(AccountDao.class);
            AccountRow account = accounts.find(accountId).orElseThrow(() -> invalidLink(locale));
            Credentials.checkPassword(newPassword, account.email(), locale);
            accounts.changePassword(accountId, hasher.hash(newPassword));
            // Any other reset link still in the mailbox would otherwise undo this new password.
            tokens.voidAll(handle, accountId, Purpose.RESET);
            // The link arrived by mail, which proves the address as well as a verification link would.
            accounts.markVerified(accountId, clock.instant());
            handle.attach(SessionDao.class).deleteAllOf(accountId);
            return accountId;
        });
    }

    private static InvalidInputException invalidLink(Locale locale) {
        String message = Messages.text(locale, "accounts.resetLinkInvalid");
        return new InvalidInputException(message, List.of(new FieldProblem("token", message)));
    }
}
