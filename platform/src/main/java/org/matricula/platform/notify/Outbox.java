package org.matricula.platform.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
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

    /**
     * Enqueues one entry per payload, all of one kind, with two statements whatever their number
     * (a campaign's batch of mails): the ids are taken from the sequence first, so they come back
     * in the order of the payloads.
     */
    public List<Long> enqueueAll(Handle handle, String kind, List<?> payloads) {
        if (payloads.isEmpty()) {
            return List.of();
        }
        List<Long> ids = handle.createQuery("SELECT nextval(pg_get_serial_sequence('outbox', 'id'))"
                + " FROM generate_series(1, :count)").bind("count", payloads.size()).mapTo(Long.class).list();
        handle.createUpdate("INSERT INTO outbox (id, kind, payload) SELECT u.id, :kind, CAST(u.payload AS jsonb)"
                + " FROM unnest(CAST(:ids AS bigint[]), CAST(:payloads AS text[])) AS u (id, payload)")
                .bind("kind", kind)
                .bindArray("ids", Long.class, ids.toArray())
                .bindArray("payloads", String.class, payloads.stream().map(this::toJson).toArray())
                .execute();
        return ids;
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
