package org.matricula.platform.accounts;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Writes {@code sessions}; the key is the SHA-256 of the id in the cookie. Reading a session is
 * one query in {@link Sessions}, run on every request.
 */
public interface SessionDao {

    @SqlUpdate("INSERT INTO sessions (id, account_id, csrf_token, created_at, last_seen_at, expires_at) "
            + "VALUES (:id, :accountId, :csrfToken, :now, :now, :expiresAt)")
    void insert(@Bind("id") String idHash, @Bind("accountId") UUID accountId, @Bind("csrfToken") String csrfToken,
            @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt);

    @SqlUpdate("DELETE FROM sessions WHERE id = :id")
    void delete(@Bind("id") String idHash);

    @SqlUpdate("DELETE FROM sessions WHERE account_id = :accountId")
    void deleteAllOf(@Bind("accountId") UUID accountId);

    /** Housekeeping on each log-in, so an account's dead sessions do not pile up. */
    @SqlUpdate("DELETE FROM sessions WHERE account_id = :accountId AND expires_at <= :now")
    void deleteExpiredOf(@Bind("accountId") UUID accountId, @Bind("now") Instant now);
}
