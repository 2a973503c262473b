package org.matricula.platform.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.ClientAddresses;
import org.matricula.platform.i18n.Messages;

/**
 * Keeps one client address from opening accounts without limit: each sign-up mails a link to the
 * address it names, so a script could otherwise make the platform mail anyone at will. The limit
 * is per hour and generous (a campus behind one address signs up many applicants on the first
 * day); the counts live in the database, so every node sees the same.
 */
final class SignUpThrottle {

    static final Duration WINDOW = Duration.ofHours(1);

    private final Jdbi jdbi;
    private final Clock clock;
    private final int perHour;

    /** {@code perHour} sign-ups an address may make in an hour; 0 for no limit. */
    SignUpThrottle(Jdbi jdbi, Clock clock, int perHour) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.perHour = perHour;
    }

    /** Refuses with 429 and the minutes left when the address has made its sign-ups of the hour. */
    void checkAllowed(String address, Locale locale) {
        if (perHour == 0) {
            return;
        }
        Instant now = clock.instant();
        Instant oldest = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT min(signed_up_at) FROM (SELECT signed_up_at FROM sign_ups
                WHERE address = :address AND signed_up_at > :since ORDER BY signed_up_at DESC LIMIT :limit) recent
                HAVING count(*) >= :limit""")
                .bind("address", key(address)).bind("since", now.minus(WINDOW)).bind("limit", perHour)
                .mapTo(Instant.class).findOne().orElse(null));
        if (oldest != null) {
            throw InvalidInputException.tooManyAttempts(Messages.text(locale, "accounts.tooManySignUps",
                    LoginThrottle.minutesLeft(now, oldest.plus(WINDOW))));
        }
    }

    /** Counts a sign-up, in its transaction, so a refused one is not counted. */
    void signedUp(Handle handle, String address) {
        if (perHour == 0) {
            return;
        }
        Instant now = clock.instant();
        handle.createUpdate("INSERT INTO sign_ups (address, signed_up_at) VALUES (:address, :at)")
                .bind("address", key(address)).bind("at", now).execute();
        // client addresses are kept no longer than the counting needs them
        handle.createUpdate("DELETE FROM sign_ups WHERE signed_up_at < :old").bind("old", now.minus(WINDOW))
                .execute();
    }

    private static String key(String address) {
        return ClientAddresses.limitKey(address);
    }
}
