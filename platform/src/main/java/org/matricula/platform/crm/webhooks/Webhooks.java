package org.matricula.platform.crm.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.Outbox;

/**
 * Outgoing webhooks: the endpoints admins configure, the deliveries made to them and their log.
 * Each event becomes one delivery per active endpoint that listens for its kind ({@code (endpoint,
 * source)} is unique, so an event is delivered once per endpoint however often it is seen), and
 * each delivery is handed to the outbox in the same transaction, which sends it ({@link
 * WebhookSender}) with retries and backoff, on whichever node.
 *
 * <p>The CRM's timeline is the source of most events ({@link #catchUp}); other features (the
 * scenario engine's "call a webhook" step) call {@link #emit(Handle, String, String, Map)}.
 */
public final class Webhooks {

    /** The outbox kind of a webhook delivery. */
    public static final String OUTBOX_KIND = "webhook";
    /** At most this many old deliveries are deleted in one transaction. */
    static final int PRUNE_BATCH = 5_000;
    public static final String DECLARATION_SUBMITTED = "declaration.submitted";
    public static final String STATUS_CHANGED = "declaration.status_changed";
    public static final String PAYMENT_RECEIVED = "payment.received";
    public static final String STAGE_CHANGED = "stage.changed";
    public static final String SCENARIO_STEP = "scenario.step";
    public static final String STUDENT_STUCK = "student.stuck";
    /** Every event kind an endpoint may listen for, in the order the screens show them. */
    public static final List<String> EVENTS = List.of(DECLARATION_SUBMITTED, STATUS_CHANGED, PAYMENT_RECEIVED,
            STAGE_CHANGED, SCENARIO_STEP, STUDENT_STUCK);
    /** Rows read again before the mark, for timeline entries that committed late. */
    private static final long OVERLAP = 200;
    private static final int BATCH = 500;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The timeline kind of each event (the payment is only a payment, not a refund). */
    private static final String EVENT_OF_ENTRY = """
            CASE t.kind WHEN 'DECLARATION' THEN 'declaration.submitted'
                        WHEN 'STATUS' THEN 'declaration.status_changed'
                        WHEN 'PAYMENT' THEN CASE WHEN t.details ->> 'kind' = 'PAYMENT' THEN 'payment.received' END
                        WHEN 'STAGE' THEN 'stage.changed'
                        WHEN 'STUCK' THEN 'student.stuck' END""";

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final WebhookUrls urls;
    private final Clock clock;

    public record Endpoint(long id, String name, String url, List<String> kinds, boolean active, Instant createdAt,
            Instant rotatedAt) {
    }

    /** What a form or a JSON body gives for an endpoint. */
    public record Draft(String name, String url, List<String> kinds, Boolean active) {
    }

    /** An endpoint with its secret, answered only when the secret is made (creation, rotation). */
    public record WithSecret(Endpoint endpoint, String secret) {
    }

    public record Delivery(long id, UUID deliveryId, long endpointId, String event, String status, int attempts,
            int replays, Integer responseCode, String lastError, Instant createdAt, Instant lastAttemptAt,
            Instant deliveredAt, String body) {
    }

    public Webhooks(Jdbi jdbi, Outbox outbox, boolean allowPrivateTargets, Clock clock) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.urls = new WebhookUrls(allowPrivateTargets);
        this.clock = clock;
    }

    WebhookUrls urls() {
        return urls;
    }

    // ---- endpoints

    public List<Endpoint> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM webhook_endpoints ORDER BY id")
                .map((rs, ctx) -> endpoint(rs)).list());
    }

    public Optional<Endpoint> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM webhook_endpoints WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> endpoint(rs)).findOne());
    }

    public Endpoint require(long id, Locale locale) {
        return find(id).orElseThrow(() -> new NotFoundException(Messages.text(locale, "webhooks.notFound")));
    }

    /** Creates an endpoint with a new secret; it hears the events from now on. */
    public WithSecret create(Draft draft, UUID actor, Locale locale) {
        Draft checked = check(draft, locale);
        String secret = secret();
        Endpoint created = jdbi.inTransaction(h -> h.createQuery("""
                INSERT INTO webhook_endpoints (name, url, kinds, active, secret, from_entry, created_by)
                VALUES (:name, :url, :kinds, :active, :secret,
                        (SELECT coalesce(max(id), 0) FROM timeline_entries), :actor) RETURNING *""")
                .bind("name", checked.name()).bind("url", checked.url())
                .bindArray("kinds", String.class, checked.kinds().toArray()).bind("active", checked.active())
                .bind("secret", secret).bind("actor", actor).map((rs, ctx) -> endpoint(rs)).one());
        return new WithSecret(created, secret);
    }

    public Endpoint update(long id, Draft draft, Locale locale) {
        require(id, locale);
        Draft checked = check(draft, locale);
        return jdbi.withHandle(h -> h.createQuery("""
                UPDATE webhook_endpoints SET name = :name, url = :url, kinds = :kinds, active = :active
                WHERE id = :id RETURNING *""")
                .bind("name", checked.name()).bind("url", checked.url())
                .bindArray("kinds", String.class, checked.kinds().toArray()).bind("active", checked.active())
                .bind("id", id).map((rs, ctx) -> endpoint(rs)).one());
    }

    /** Gives the endpoint a new secret, answered this once; deliveries from now on are signed with it. */
    public WithSecret rotate(long id, Locale locale) {
        require(id, locale);
        String secret = secret();
        Endpoint rotated = jdbi.withHandle(h -> h.createQuery("UPDATE webhook_endpoints SET secret = :secret,"
                + " rotated_at = :now WHERE id = :id RETURNING *").bind("secret", secret).bind("now", clock.instant())
                .bind("id", id).map((rs, ctx) -> endpoint(rs)).one());
        return new WithSecret(rotated, secret);
    }

    private Draft check(Draft draft, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            problems.add(new Problem.FieldProblem("name", Messages.text(locale, "webhooks.nameRequired")));
        }
        String url = draft.url() == null ? "" : draft.url().strip();
        urls.refusal(url).ifPresent(key -> problems.add(new Problem.FieldProblem("url", Messages.text(locale, key))));
        Set<String> kinds = new LinkedHashSet<>();
        for (String kind : draft.kinds() == null ? List.<String>of() : draft.kinds()) {
            if (kind == null || !EVENTS.contains(kind.strip())) {
                problems.add(new Problem.FieldProblem("kinds", Messages.text(locale, "webhooks.badKind")));
                break;
            }
            kinds.add(kind.strip());
        }
        if (kinds.isEmpty() && problems.stream().noneMatch(p -> p.field().equals("kinds"))) {
            problems.add(new Problem.FieldProblem("kinds", Messages.text(locale, "webhooks.kindsRequired")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "webhooks.invalid"), problems);
        }
        return new Draft(name, url, EVENTS.stream().filter(kinds::contains).toList(),
                draft.active() == null || draft.active());
    }

    // ---- events

    /**
     * Queues an event for every active endpoint listening for {@code event}, in the caller's
     * transaction: the deliveries go out once it commits, and not at all if it rolls back.
     *
     * @param key what makes the event itself (a scenario step's idempotency key): the same key
     *     queues nothing the second time
     * @param payload plain values, sent as the body's {@code data}
     * @return how many deliveries were queued
     */
    public int emit(Handle handle, String event, String key, Map<String, Object> payload) {
        return emitAll(handle, event, Map.of(key, payload));
    }

    /**
     * {@link #emit(Handle, String, String, Map)} for several events of one kind at once (a run's
     * finished scenario steps), with one read of the listening endpoints for all of them.
     *
     * @param payloads each event's payload by its key
     * @return how many deliveries were queued
     */
    public int emitAll(Handle handle, String event, Map<String, Map<String, Object>> payloads) {
        if (!EVENTS.contains(event)) {
            throw new IllegalArgumentException("Unknown webhook event " + event);
        }
        if (payloads.isEmpty()) {
            return 0;
        }
        List<Long> endpoints = handle.createQuery("SELECT id FROM webhook_endpoints WHERE active AND :event = ANY(kinds)"
                + " ORDER BY id").bind("event", event).mapTo(Long.class).list();
        int queued = 0;
        for (long endpoint : endpoints) {
            for (Map.Entry<String, Map<String, Object>> payload : payloads.entrySet()) {
                if (queue(handle, endpoint, event, "emit:" + payload.getKey(), clock.instant(), null,
                        payload.getValue())) {
                    queued++;
                }
            }
        }
        return queued;
    }

    /** {@link #emit(Handle, String, String, Map)} for an event that happens once by nature (a random key). */
    public int emit(Handle handle, String event, Map<String, Object> payload) {
        return emit(handle, event, UUID.randomUUID().toString(), payload);
    }

    private boolean queue(Handle h, long endpoint, String event, String sourceRef, Instant at,
            Map<String, Object> person, Map<String, Object> data) {
        UUID deliveryId = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", deliveryId.toString());
        body.put("event", event);
        body.put("occurredAt", at.toString());
        if (person != null) {
            body.put("person", person);
        }
        body.put("data", data == null ? Map.of() : data);
        Optional<Long> row = h.createQuery("""
                INSERT INTO webhook_deliveries (delivery_id, endpoint_id, event, source_ref, body)
                VALUES (:delivery, :endpoint, :event, :ref, :body)
                ON CONFLICT (endpoint_id, source_ref) DO NOTHING RETURNING id""")
                .bind("delivery", deliveryId).bind("endpoint", endpoint).bind("event", event).bind("ref", sourceRef)
                .bind("body", json(body)).mapTo(Long.class).findOne();
        row.ifPresent(id -> outbox.enqueue(h, OUTBOX_KIND, Long.toString(id), Map.of("delivery", id)));
        return row.isPresent();
    }

    /**
     * Reads the timeline entries made since the last time into deliveries; one node at a time
     * (advisory lock). The first run starts at the newest entry: nothing before it is sent.
     * Answers how many deliveries were queued.
     */
    public int catchUp() {
        int total = 0;
        int taken;
        do {
            taken = jdbi.inTransaction(h -> {
                if (!h.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('matricula.crm.webhooks'))")
                        .mapTo(Boolean.class).one()) {
                    return 0;
                }
                long newest = h.createQuery("SELECT coalesce(max(id), 0) FROM timeline_entries").mapTo(Long.class).one();
                Optional<Long> mark = h.createQuery("SELECT last_id FROM webhook_marks WHERE source = 'timeline'")
                        .mapTo(Long.class).findOne();
                if (mark.isEmpty()) {
                    setMark(h, newest);
                    return 0;
                }
                record Row(long entry, long endpoint, String event, UUID person, Instant at, String summary,
                        String details, String fullName, String email) {
                }
                List<Row> rows = h.createQuery("""
                        SELECT t.id, e.id AS endpoint, ev.event, t.person_id, t.at, t.summary, t.details::text AS details,
                               p.full_name, p.email
                        FROM timeline_entries t
                        CROSS JOIN LATERAL (SELECT %s AS event) ev
                        JOIN webhook_endpoints e ON e.active AND t.id > e.from_entry AND ev.event = ANY(e.kinds)
                        JOIN persons p ON p.id = t.person_id
                        WHERE t.id > :since AND t.kind IN ('DECLARATION', 'STATUS', 'PAYMENT', 'STAGE', 'STUCK')
                          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id
                                          AND d.source_ref = 'timeline:' || t.id)
                        ORDER BY t.id, e.id LIMIT :batch""".formatted(EVENT_OF_ENTRY))
                        .bind("since", Math.max(0, mark.get() - OVERLAP)).bind("batch", BATCH)
                        .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getLong("endpoint"), rs.getString("event"),
                                rs.getObject("person_id", UUID.class), rs.getTimestamp("at").toInstant(),
                                rs.getString("summary"), rs.getString("details"), rs.getString("full_name"),
                                rs.getString("email"))).list();
                int queued = 0;
                for (Row row : rows) {
                    Map<String, Object> person = new LinkedHashMap<>();
                    person.put("id", row.person().toString());
                    person.put("fullName", row.fullName());
                    person.put("email", row.email());
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("summary", row.summary());
                    data.putAll(map(row.details()));
                    if (queue(h, row.endpoint(), row.event(), "timeline:" + row.entry(), row.at(), person, data)) {
                        queued++;
                    }
                }
                setMark(h, rows.size() == BATCH ? rows.get(rows.size() - 1).entry() : newest);
                return queued;
            });
            total += taken;
        } while (taken > 0);
        return total;
    }

    /** Moves the mark on, never back; written only when it moves, so an idle tick's commit waits for no disk. */
    private static void setMark(Handle h, long last) {
        h.createUpdate("""
                INSERT INTO webhook_marks (source, last_id) VALUES ('timeline', :last)
                ON CONFLICT (source) DO UPDATE SET last_id = EXCLUDED.last_id
                WHERE webhook_marks.last_id < EXCLUDED.last_id""")
                .bind("last", last).execute();
    }

    // ---- deliveries

    public List<Delivery> deliveries(long endpointId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM webhook_deliveries WHERE endpoint_id = :id"
                + " ORDER BY id DESC LIMIT :limit").bind("id", endpointId).bind("limit", limit)
                .map((rs, ctx) -> delivery(rs)).list());
    }

    public Delivery requireDelivery(long id, Locale locale) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM webhook_deliveries WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> delivery(rs)).findOne())
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "webhooks.deliveryNotFound")));
    }

    /**
     * Sends a finished (delivered or failed) delivery again, as it was (same body and delivery id,
     * signed with the endpoint's secret of now). A pending one is refused (409): it is still being
     * tried, and a replay would add sends beside it and start its count of attempts over. The state
     * is checked in the same statement that changes it, so two replays at once make one.
     */
    public Delivery replay(long id, Locale locale) {
        requireDelivery(id, locale);
        boolean replayed = jdbi.inTransaction(h -> {
            if (h.createUpdate("UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, replays = replays + 1,"
                    + " last_error = NULL WHERE id = :id AND status <> 'PENDING'").bind("id", id).execute() == 0) {
                return false;
            }
            outbox.enqueue(h, OUTBOX_KIND, Long.toString(id), Map.of("delivery", id));
            return true;
        });
        if (!replayed) {
            throw new Conflict(Messages.text(locale, "webhooks.replayPending"));
        }
        return requireDelivery(id, locale);
    }

    /**
     * Deletes the delivered and failed deliveries nothing has happened to for longer than
     * {@code retention} (zero keeps them all); answers how many. Pending ones are kept whatever
     * their age: the outbox may still send them. In small transactions, rows another transaction
     * holds (a replay) skipped, so the log is never locked for long.
     */
    public int prune(Duration retention) {
        if (retention.isZero()) {
            return 0;
        }
        Instant before = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = jdbi.withHandle(h -> h.createUpdate("""
                    DELETE FROM webhook_deliveries WHERE id IN (
                        SELECT id FROM webhook_deliveries
                        WHERE status <> 'PENDING' AND greatest(delivered_at, last_attempt_at, created_at) < :before
                        LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                    .bind("before", before).bind("batch", PRUNE_BATCH).execute());
            total += deleted;
        } while (deleted == PRUNE_BATCH);
        return total;
    }

    /** What the sender needs for one delivery: its row, the endpoint's URL and secret. */
    record Pending(long id, UUID deliveryId, String event, String body, String url, String secret, int attempts,
            String status) {
    }

    Optional<Pending> pending(long id) {
        return jdbi.withHandle(h -> h.createQuery("""
                UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_attempt_at = :now
                FROM webhook_endpoints e WHERE d.id = :id AND e.id = d.endpoint_id AND d.status = 'PENDING'
                RETURNING d.id, d.delivery_id, d.event, d.body, e.url, e.secret, d.attempts, d.status""")
                .bind("id", id).bind("now", clock.instant())
                .map((rs, ctx) -> new Pending(rs.getLong("id"), rs.getObject("delivery_id", UUID.class),
                        rs.getString("event"), rs.getString("body"), rs.getString("url"), rs.getString("secret"),
                        rs.getInt("attempts"), rs.getString("status"))).findOne());
    }

    void delivered(long id, int code) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE webhook_deliveries SET status = 'DELIVERED', response_code = :code,"
                + " delivered_at = :now, last_error = NULL WHERE id = :id").bind("code", code)
                .bind("now", clock.instant()).bind("id", id).execute());
    }

    void failed(long id, Integer code, String error, boolean final_) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE webhook_deliveries SET status = :status, response_code = :code,"
                + " last_error = :error WHERE id = :id").bind("status", final_ ? "FAILED" : "PENDING")
                .bind("code", code).bind("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .bind("id", id).execute());
    }

    // ---- rows

    private static Endpoint endpoint(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Timestamp rotated = rs.getTimestamp("rotated_at");
        return new Endpoint(rs.getLong("id"), rs.getString("name"), rs.getString("url"),
                Arrays.asList((String[]) rs.getArray("kinds").getArray()), rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(), rotated == null ? null : rotated.toInstant());
    }

    private static Delivery delivery(java.sql.ResultSet rs) throws java.sql.SQLException {
        int code = rs.getInt("response_code");
        Integer responseCode = rs.wasNull() ? null : code;
        java.sql.Timestamp last = rs.getTimestamp("last_attempt_at");
        java.sql.Timestamp delivered = rs.getTimestamp("delivered_at");
        return new Delivery(rs.getLong("id"), rs.getObject("delivery_id", UUID.class), rs.getLong("endpoint_id"),
                rs.getString("event"), rs.getString("status"), rs.getInt("attempts"), rs.getInt("replays"),
                responseCode, rs.getString("last_error"), rs.getTimestamp("created_at").toInstant(),
                last == null ? null : last.toInstant(), delivered == null ? null : delivered.toInstant(),
                rs.getString("body"));
    }

    static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Webhook payloads must be plain values", e);
        }
    }

    private static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
