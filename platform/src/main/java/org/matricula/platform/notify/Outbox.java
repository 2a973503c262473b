package org.matricula.platform.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes side effects to the outbox. Callers pass their own {@link Handle} so the effect is
 * stored in the same transaction as the change that causes it, or not at all.
 */
public final class Outbox {

    public static final String MAIL = "mail";
    public static final String EVENT = "event";

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public Outbox(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    public long enqueue(Handle handle, String kind, String target, Object payload) {
        return handle.createUpdate("INSERT INTO outbox (kind, target, payload) VALUES (:kind, :target, CAST(:payload AS jsonb))")
                .bind("kind", kind)
                .bind("target", target)
                .bind("payload", toJson(payload))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    /**
     * Enqueues an entry the worker takes no earlier than {@code due} (a scenario's step waiting for
     * a date, a retry after a backoff).
     */
    public long enqueueAt(Handle handle, String kind, String target, Object payload, java.time.Instant due) {
        return handle.createUpdate("INSERT INTO outbox (kind, target, payload, next_attempt_at)"
                + " VALUES (:kind, :target, CAST(:payload AS jsonb), greatest(now(), :due))")
                .bind("kind", kind)
                .bind("target", target)
                .bind("payload", toJson(payload))
                .bind("due", due)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    /** Enqueues in a transaction of its own, for effects not tied to another change. */
    public long enqueue(String kind, String target, Object payload) {
        return jdbi.inTransaction(handle -> enqueue(handle, kind, target, payload));
    }

    public void mail(Handle handle, MailMessage mail) {
        enqueue(handle, MAIL, null, mail);
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Outbox payload cannot be written as JSON", e);
        }
    }
}
