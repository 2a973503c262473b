package org.matricula.platform.accounts;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.OneTimeTokens.Purpose;
import org.matricula.platform.config.Settings;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SecretTokens;

/**
 * Applicant and admin accounts: sign-up with a mailed verification link, log-in into a server-side
 * session, log-out and password reset by mail. Mails are queued in the same transaction as the
 * change that causes them.
 */
public final class Accounts {

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Clock clock;
    private final PasswordHasher hasher = new PasswordHasher();
    private final AccountMail mail;
    private final OneTimeTokens tokens;
    private final KeptSessions keptSessions = new KeptSessions();
    private final Sessions sessions;
    private final PasswordResets resets;
    private final LoginThrottle throttle;
    private final SignUpThrottle signUps;
    // Checked when no account has the address, so an unknown address takes as long as a wrong password.
    private final String decoyHash;

    public Accounts(Jdbi jdbi, Outbox outbox, String baseUrl, Clock clock) {
        this(jdbi, outbox, baseUrl, clock, Integer.parseInt(Settings.SIGN_UPS_PER_HOUR.defaultValue()));
    }

    /** As above, with {@code signUpsPerHour} sign-ups a client address may make in an hour (0: no limit). */
    public Accounts(Jdbi jdbi, Outbox outbox, String baseUrl, Clock clock, int signUpsPerHour) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.clock = clock;
        this.mail = new AccountMail(baseUrl);
        this.tokens = new OneTimeTokens(clock);
        this.sessions = new Sessions(jdbi, clock, keptSessions);
        this.resets = new PasswordResets(jdbi, outbox, hasher, mail, tokens, clock);
        this.throttle = new LoginThrottle(jdbi, clock);
        this.signUps = new SignUpThrottle(jdbi, clock, signUpsPerHour);
        this.decoyHash = hasher.hash(SecretTokens.newToken());
    }

    /**
     * Creates an unverified applicant and mails the verification link; 422 on invalid or taken
     * input, 429 once {@code clientAddress} has made its sign-ups of the hour.
     */
    public AccountRow signUp(String email, String password, String displayName, String clientAddress,
            Locale locale) {
        String address = trimmed(email);
        String name = trimmed(displayName);
        String secret = password == null ? "" : password;
        Credentials.checkSignUp(address, secret, name, locale);
        signUps.checkAllowed(clientAddress, locale);
        String hash = hasher.hash(secret);
        return jdbi.inTransaction(handle -> {
            AccountRow account = handle.attach(AccountDao.class).insert(address, hash, name, locale.getLanguage())
                    .orElseThrow(() -> Credentials.emailTaken(locale));
            signUps.signedUp(handle, clientAddress);
            outbox.mail(handle, mail.verification(account, tokens.issue(handle, account.id(), Purpose.VERIFY)));
            return account;
        });
    }

    /** Whether the link was valid; a verification link works once, within 48 hours. */
    public boolean verify(String token) {
        return jdbi.inTransaction(handle -> tokens.consume(handle, token, Purpose.VERIFY).map(accountId -> {
            handle.attach(AccountDao.class).markVerified(accountId, clock.instant());
            return accountId;
        })).map(accountId -> {
            sessionsChanged(accountId);
            return true;
        }).orElse(false);
    }

    /** Opens a session for the matching account; unverified accounts may log in too. */
    public CurrentUser logIn(String email, String password, String clientAddress, Locale locale) {
        String secret = password == null ? "" : password;
        Credentials.checkLogIn(trimmed(email), secret, locale);
        throttle.checkAllowed(trimmed(email), clientAddress, locale);
        Optional<AccountRow> account = jdbi.withHandle(handle -> handle.attach(AccountDao.class)
                .findByEmail(trimmed(email)));
        boolean matches = hasher.matches(secret, account.map(AccountRow::passwordHash).orElse(decoyHash));
        if (account.isEmpty() || !matches) {
            throttle.failed(trimmed(email), clientAddress);
            // One message for both cases, so the form does not reveal which addresses have accounts.
            throw new InvalidInputException(Messages.text(locale, "accounts.wrongEmailAddressPassword"), List.of());
        }
        throttle.succeeded(trimmed(email));
        return startSession(account.get());
    }

    /**
     * Whether the password is the account's own, to confirm a grave step such as erasing the
     * account. A wrong one counts as a failed log-in, so this is no way round the lockout.
     */
    public boolean confirmPassword(UUID accountId, String password, String clientAddress, Locale locale) {
        AccountRow account = find(accountId).orElseThrow(() -> new IllegalArgumentException("No account " + accountId));
        throttle.checkAllowed(account.email(), clientAddress, locale);
        boolean matches = hasher.matches(password == null ? "" : password, account.passwordHash());
        if (!matches) {
            throttle.failed(account.email(), clientAddress);
        }
        return matches;
    }

    /**
     * Changes the password of a signed-in account, which proves itself with the current one (a wrong
     * one counts as a failed log-in). The account's other sessions end; the one in use stays.
     *
     * @throws InvalidInputException on {@code currentPassword} when it is wrong, on {@code password}
     *     when the new one is not acceptable
     */
    public void changePassword(UUID accountId, String keepSession, String currentPassword, String newPassword,
            String clientAddress, Locale locale) {
        AccountRow account = find(accountId).orElseThrow(() -> new IllegalArgumentException("No account " + accountId));
        if (!confirmPassword(accountId, currentPassword, clientAddress, locale)) {
            throw InvalidInputException.field("currentPassword", Messages.text(locale, "profile.wrongCurrentPassword"));
        }
        String secret = newPassword == null ? "" : newPassword;
        Credentials.checkPassword(secret, account.email(), locale);
        jdbi.useTransaction(handle -> {
            handle.attach(AccountDao.class).changePassword(accountId, hasher.hash(secret));
            handle.createUpdate("DELETE FROM sessions WHERE account_id = :account AND id <> :kept")
                    .bind("account", accountId).bind("kept", SecretTokens.digest(keepSession)).execute();
        });
        sessionsChanged(accountId);
    }

    /** Opens a session without a password, for an account that has just proven itself (signed up). */
    public CurrentUser startSession(AccountRow account) {
        return jdbi.inTransaction(handle -> sessions.open(handle, account));
    }

    /** The user of a live session, if the id names one. */
    public Optional<CurrentUser> session(String sessionId) {
        return sessions.resolve(sessionId);
    }

    public void logOut(String sessionId) {
        sessions.end(sessionId);
    }

    /** Ends all the account's sessions, on every device. */
    public void logOutEverywhere(UUID accountId) {
        sessions.endAll(accountId);
    }

    /**
     * Tells this node that the account's sessions, or what they show of it (address, name, role,
     * verification), changed in the database: what it keeps of them goes at once. Every node hears
     * of the change from the database too, this one a moment later, and the next request may come
     * sooner.
     */
    public void sessionsChanged(UUID accountId) {
        keptSessions.forget(accountId);
    }

    /** The sessions kept in memory, to be told of changes made anywhere ({@link KeptSessions#CHANNEL}). */
    public KeptSessions keptSessions() {
        return keptSessions;
    }

    /**
     * Mails a reset link if an account has the address; says nothing either way.
     *
     * @throws InvalidInputException when the address is longer than any account's can be
     */
    public void requestReset(String email, Locale locale) {
        Credentials.checkResetAddress(trimmed(email), locale);
        resets.request(trimmed(email));
    }

    /** Sets a new password with a mailed reset token (valid one hour, once) and ends the account's sessions. */
    public void reset(String token, String newPassword, Locale locale) {
        sessionsChanged(resets.reset(token, newPassword == null ? "" : newPassword, locale));
    }

    /** Creates a verified admin, or promotes the account with that address and sets its password. */
    public AccountRow ensureAdmin(String email, String password) {
        String address = trimmed(email);
        Credentials.checkSignUp(address, password == null ? "" : password, "Administrator", Locale.ENGLISH);
        String hash = hasher.hash(password);
        AccountRow admin = jdbi.withHandle(handle -> handle.attach(AccountDao.class)
                .upsertAdmin(address, hash, "Administrator", clock.instant()));
        sessionsChanged(admin.id());
        return admin;
    }

    public Optional<AccountRow> find(UUID id) {
        return jdbi.withHandle(handle -> handle.attach(AccountDao.class).find(id));
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
