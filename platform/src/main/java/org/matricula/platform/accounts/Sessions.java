package org.matricula.platform.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.PlainJdbc;
import org.matricula.platform.db.UnflushedCommit;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.SecretTokens;

/**
 * Server-side sessions with a sliding idle expiry and an absolute one. The cookie holds a random id; the table holds
 * its digest, so reading the table does not let anyone take over a session. A session read is kept in memory
 * ({@link KeptSessions}) until it is due to be extended or changes anywhere.
 */
final class Sessions {

    static final Duration IDLE_TIMEOUT = Duration.ofHours(12);
    /** However active, a session ends a week after log-in: a stolen cookie does not live forever. */
    static final int ABSOLUTE_HOURS = 7 * 24;
    static final Duration ABSOLUTE_LIFETIME = Duration.ofHours(ABSOLUTE_HOURS);
    // Extending on every request would turn each page view into a write; once a minute is plenty.
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Jdbi jdbi;
    private final Clock clock;
    private final KeptSessions kept;

    Sessions(Jdbi jdbi, Clock clock, KeptSessions kept) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.kept = kept;
    }

    CurrentUser open(Handle handle, AccountRow account) {
        String id = SecretTokens.newToken();
        String csrfToken = SecretTokens.newToken();
        Instant now = clock.instant();
        SessionDao sessions = handle.attach(SessionDao.class);
        sessions.deleteExpiredOf(account.id(), now);
        sessions.insert(SecretTokens.digest(id), account.id(), csrfToken, now, now.plus(IDLE_TIMEOUT));
        return new CurrentUser(account.id(), account.email(), account.displayName(), account.role(), id, csrfToken,
                account.isVerified());
    }

    /** The signed-in user of a live session, extending the session's life as it is used. */
    Optional<CurrentUser> resolve(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String key = SecretTokens.digest(id);
        Instant now = clock.instant();
        KeptSessions.Kept usable = kept.usable(key, now);
        if (usable != null) {
            return Optional.of(usable.session().user(id));
        }
        long changesBeforeRead = kept.changesHeard();
        // One statement through plain JDBC (Jdbi's set-up of a statement cost more CPU than the
        // query), which also extends the session when due.
        Optional<KeptSessions.Kept> read = PlainJdbc.run(jdbi, "Cannot read the session",
                connection -> live(connection, key, now));
        read.ifPresent(session -> kept.keep(key, session, changesBeforeRead));
        return read.map(session -> session.session().user(id));
    }

    /**
     * The session and its account, extended when it was last seen over a minute ago: extending on
     * every request would make each page view a write, and a separate statement for it a second
     * round trip and a second commit. An extension never goes past the absolute end. When nothing
     * is due the statement writes nothing, and so commits nothing to the log. When it extends, its
     * commit does not wait for the disk ({@link UnflushedCommit}): a crash can lose only extensions
     * of the last moment, which at worst end a session a minute early, and the request no longer
     * waits for a flush it does not need.
     */
    private static final String LIVE = """
            WITH live AS (
                SELECT s.account_id, a.email, a.display_name, a.role, s.csrf_token,
                       a.verified_at IS NOT NULL AS verified, s.last_seen_at < ? AS due,
                       s.created_at, s.last_seen_at, s.expires_at
                FROM sessions s JOIN accounts a ON a.id = s.account_id
                WHERE s.id = ? AND s.expires_at > ? AND s.created_at > ?
            ), extended AS (
                UPDATE sessions SET last_seen_at = ?, expires_at = LEAST(?, created_at + interval '%d hours')
                WHERE id = ? AND (SELECT due FROM live)
                  AND %s
                RETURNING last_seen_at, expires_at
            )
            SELECT l.account_id, l.email, l.display_name, l.role, l.csrf_token, l.verified, l.created_at,
                   coalesce(e.last_seen_at, l.last_seen_at) AS last_seen_at,
                   coalesce(e.expires_at, l.expires_at) AS expires_at
            FROM live l LEFT JOIN extended e ON true""".formatted(ABSOLUTE_HOURS, UnflushedCommit.CONDITION);

    /** The session with its times as they are after this read (extended when it was due). */
    static Optional<KeptSessions.Kept> live(Connection connection, String key, Instant now) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LIVE)) {
            // Bound as OffsetDateTime, not java.sql.Timestamp: the driver formats a Timestamp through
            // a Calendar, 2% of a submission's request thread on every request's session lookup.
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            query.setObject(1, at.minus(TOUCH_INTERVAL));
            query.setString(2, key);
            query.setObject(3, at);
            query.setObject(4, at.minusHours(ABSOLUTE_HOURS));
            query.setObject(5, at);
            query.setObject(6, at.plus(IDLE_TIMEOUT));
            query.setString(7, key);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                LiveSession session = new LiveSession(row.getObject("account_id", UUID.class), row.getString("email"),
                        row.getString("display_name"), CurrentUser.Role.valueOf(row.getString("role")),
                        row.getString("csrf_token"), row.getBoolean("verified"));
                return Optional.of(new KeptSessions.Kept(session,
                        row.getObject("created_at", OffsetDateTime.class).toInstant(),
                        row.getObject("last_seen_at", OffsetDateTime.class).toInstant(),
                        row.getObject("expires_at", OffsetDateTime.class).toInstant()));
            }
        }
    }

    record LiveSession(UUID accountId, String email, String displayName, CurrentUser.Role role,
            String csrfToken, boolean verified) {

        CurrentUser user(String sessionId) {
            return new CurrentUser(accountId, email, displayName, role, sessionId, csrfToken, verified);
        }
    }

    /** Ends every session of the account: logging out everywhere, or after a password change. */
    void endAll(UUID accountId) {
        jdbi.useHandle(handle -> handle.attach(SessionDao.class).deleteAllOf(accountId));
        kept.forget(accountId);
    }

    void end(String id) {
        if (id != null && !id.isBlank()) {
            String key = SecretTokens.digest(id);
            jdbi.useHandle(handle -> handle.attach(SessionDao.class).delete(key));
            kept.forgetSession(key);
        }
    }
}
