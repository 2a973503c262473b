package org.matricula.platform.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.ClientAddresses;
import org.matricula.platform.i18n.Messages;

/**
 * Slows password guessing: after too many failures within a window, an account (whoever tries)
 * and a client address (whichever accounts it tries) are locked until the window has passed.
 * The counts live in the database, so every node sees the same.
 */
final class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int PER_ACCOUNT = 5;
    static final int PER_ADDRESS = 20;

    private final Jdbi jdbi;
    private final Clock clock;

    LoginThrottle(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Refuses with 429 and the minutes left when the account or the address is locked. */
    void checkAllowed(String email, String address, Locale locale) {
        Instant since = clock.instant().minus(WINDOW);
        Instant lockedUntil = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT max(until) FROM (
                  SELECT max(failed_at) + CAST(:window AS interval) AS until FROM login_failures
                  WHERE subject = :account AND failed_at > :since HAVING count(*) >= :perAccount
                  UNION ALL
                  SELECT max(failed_at) + CAST(:window AS interval) FROM login_failures
                  WHERE subject = :address AND failed_at > :since HAVING count(*) >= :perAddress) locks""")
                .bind("window", WINDOW.toSeconds() + " seconds").bind("since", since)
                .bind("account", account(email)).bind("address", address(address))
                .bind("perAccount", PER_ACCOUNT).bind("perAddress", PER_ADDRESS)
                .mapTo(Instant.class).findOne().orElse(null));
        if (lockedUntil != null && lockedUntil.isAfter(clock.instant())) {
            throw InvalidInputException.tooManyAttempts(
                    Messages.text(locale, "accounts.tooManyAttempts", minutesLeft(clock.instant(), lockedUntil)));
        }
    }

    /** Whole minutes until {@code until}, rounded up and at least one: "try again in 0 minutes" helps nobody. */
    static long minutesLeft(Instant now, Instant until) {
        return Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
    }

    void failed(String email, String address) {
        Instant now = clock.instant();
        jdbi.useHandle(handle -> {
            for (String subject : List.of(account(email), address(address))) {
                handle.createUpdate("INSERT INTO login_failures (subject, failed_at) VALUES (:subject, :at)")
                        .bind("subject", subject).bind("at", now).execute();
            }
            handle.createUpdate("DELETE FROM login_failures WHERE failed_at < :old")
                    .bind("old", now.minus(WINDOW.multipliedBy(4))).execute();
        });
    }

    /** A successful log-in clears the account's count (not the address's: one success proves little). */
    void succeeded(String email) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM login_failures WHERE subject = :subject")
                .bind("subject", account(email)).execute());
    }

    private static String account(String email) {
        return "account:" + email.trim().toLowerCase(Locale.ROOT);
    }

    private static String address(String address) {
        return "address:" + ClientAddresses.limitKey(address);
    }
}
