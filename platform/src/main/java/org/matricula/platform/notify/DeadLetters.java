package org.matricula.platform.notify;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox entries the worker gave up on after {@link OutboxWorker#MAX_ATTEMPTS} failures: the
 * list an admin reviews, and the retry that puts one back in line for whichever node's worker
 * claims it first.
 */
public final class DeadLetters {

    private static final int LIMIT = 200;

    private final Jdbi jdbi;

    public DeadLetters(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A dead entry as an admin sees it; {@code target} is the plugin id of an event, empty for a mail. */
    public record DeadLetter(long id, String kind, String target, String recipient, String subject, int attempts,
            String lastError, String created) {
    }

    /** The newest dead entries first, at most {@value #LIMIT}. */
    public List<DeadLetter> list() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, kind, coalesce(target, '') AS target, coalesce(payload->>'to', '') AS recipient,
                       coalesce(payload->>'subject', '') AS subject, attempts, coalesce(last_error, '') AS last_error,
                       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created
                FROM outbox WHERE status = 'DEAD' ORDER BY id DESC LIMIT :limit""")
                .bind("limit", LIMIT)
                .map((rs, ctx) -> new DeadLetter(rs.getLong("id"), rs.getString("kind"), rs.getString("target"),
                        rs.getString("recipient"), rs.getString("subject"), rs.getInt("attempts"),
                        rs.getString("last_error"), rs.getString("created")))
                .list());
    }

    /**
     * Puts a dead entry back in line with a fresh count of attempts; answers false when there is
     * no such entry or it is not dead (already retried, done or still being tried).
     */
    public boolean retry(long id) {
        return jdbi.withHandle(h -> h.execute("UPDATE outbox SET status = 'PENDING', attempts = 0, "
                + "next_attempt_at = now() WHERE id = ? AND status = 'DEAD'", id)) == 1;
    }
}
