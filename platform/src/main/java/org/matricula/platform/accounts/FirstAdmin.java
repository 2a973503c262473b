package org.matricula.platform.accounts;

import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first platform admin from the configuration when there is none yet. Once one
 * exists the settings are ignored, so a leftover password in a configuration cannot take over
 * an account.
 */
public final class FirstAdmin {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private FirstAdmin() {
    }

    /**
     * Answers whether an admin was created.
     *
     * @param warnIfNone whether to log how to create one when none exists and none is configured
     *     (not when the demo seed is about to bring its own)
     */
    public static boolean createIfNone(Jdbi jdbi, Accounts accounts, String email, String password,
            boolean warnIfNone) {
        boolean exists = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT EXISTS (SELECT 1 FROM accounts WHERE role = 'ADMIN' AND erased_at IS NULL)")
                .mapTo(Boolean.class).one());
        if (exists || email.isBlank()) {
            if (!exists && warnIfNone) {
                log.warn("No platform admin exists yet: start once with --admin.initial-email=... "
                        + "--admin.initial-password=... to create one");
            }
            return false;
        }
        if (password.isBlank()) {
            throw new IllegalStateException("admin.initial-email is set but admin.initial-password is empty: "
                    + "give the first platform admin a password of at least 10 characters");
        }
        try {
            accounts.ensureAdmin(email, password);
        } catch (InvalidInputException invalid) {
            throw new IllegalStateException("Cannot create the first platform admin from admin.initial-email and "
                    + "admin.initial-password: " + invalid.errors().stream().map(e -> e.field() + ": " + e.message())
                    .toList());
        }
        log.info("Created the first platform admin {}", email);
        return true;
    }
}
