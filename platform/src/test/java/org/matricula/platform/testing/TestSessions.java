package org.matricula.platform.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.SecretTokens;

/**
 * Signed-in sessions made straight in the database, for tests about what comes after signing in
 * (the sign-in itself is tested through its pages). Like the platform, the table keeps only the
 * digest of the id the cookie carries.
 */
public final class TestSessions {

    /** A session's cookie and CSRF token, and whose it is. */
    public record Session(UUID accountId, String email, String id, String csrf) {

        public String cookie() {
            return "matricula_session=" + id;
        }
    }

    private TestSessions() {
    }

    public static Session applicant(Jdbi jdbi) {
        return create(jdbi, "APPLICANT");
    }

    public static Session admin(Jdbi jdbi) {
        return create(jdbi, "ADMIN");
    }

    private static Session create(Jdbi jdbi, String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
        String sessionId = "s-" + UUID.randomUUID();
        String csrf = "c-" + UUID.randomUUID();
        UUID account = jdbi.withHandle(handle -> {
            UUID id = handle.createQuery("""
                    INSERT INTO accounts (email, password_hash, role, display_name, verified_at)
                    VALUES (:email, 'not-a-hash', :role, 'Тест', now()) RETURNING id""")
                    .bind("email", email).bind("role", role).mapTo(UUID.class).one();
            handle.createUpdate("INSERT INTO sessions (id, account_id, csrf_token, expires_at) VALUES (:id, :account, "
                    + ":csrf, :expires)").bind("id", SecretTokens.digest(sessionId)).bind("account", id).bind("csrf", csrf)
                    .bind("expires", Instant.now().plus(1, ChronoUnit.HOURS)).execute();
            return id;
        });
        return new Session(account, email, sessionId, csrf);
    }
}
