package org.matricula.platform.crm.leads;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.matricula.platform.crm.funnel.Funnel;

/**
 * Writes the leads that arrive at the same time together: one statement and one commit for a batch
 * of leads, taken by the request threads themselves. A lead written alone cost PostgreSQL about
 * 1.5 ms, of which its rows, written 2,000 at a time, take 0.35 ms: the rest is the statement's
 * (starting a plan over six tables and their thirty indexes, the triggers, the commit), which a
 * batch pays once (docs/performance.md, "Lead intake in batches"). At eight clients a batch holds
 * little more than one lead; it grows with the leads in flight.
 *
 * <p>A request thread queues its lead, and when fewer than {@link #WRITERS} threads are writing it
 * writes: it takes the queued leads, up to {@link #MOST_PER_BATCH}, writes them and answers each,
 * and goes on while leads are queued; otherwise it waits for a writer to answer its lead. A batch
 * never holds two leads sharing an address or a phone, so that two leads of one new person make one
 * person: the second waits for the next batch, which finds the person the first made. Two leads
 * that find one known person through different contacts are told apart by the statement, which
 * writes the first and hands the second back for the next batch ({@link Written#again}).
 */
final class LeadWriter {

    /** At most so many batches written at once, each on its own connection. */
    static final int WRITERS = 2;
    /** The most leads a batch holds. */
    static final int MOST_PER_BATCH = 32;
    /** How long a waiting thread sleeps before it looks again whether it should write. */
    private static final long LOOK_AGAIN_MILLIS = 5;

    /** A lead ready to be written: everything checked, normalized and put into the statement's form. */
    record Row(long sourceId, UUID newPerson, String lastName, String firstName, String middleName, String fullName,
            String email, String phone, Map<String, String> contacts, Map<String, Boolean> consents, String touch,
            Instant at, String origin, String summary, String details) {

        /** The keys of the lead's contacts ({@code EMAIL:...}, {@code PHONE:...}), which the lead locks. */
        Set<String> keys() {
            Set<String> keys = new TreeSet<>();
            contacts.forEach((value, kind) -> keys.add(kind + ":" + value));
            return keys;
        }
    }

    /**
     * What the statement did with a lead: the person it went to, none when its source has been
     * revoked; or {@code again} when another lead of the batch went to the same known person first.
     */
    record Written(Optional<UUID> person, boolean again) {
    }

    private final Jdbi jdbi;
    private final Semaphore writers = new Semaphore(WRITERS);
    private final Deque<Queued> queue = new ArrayDeque<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder written = new LongAdder();

    LeadWriter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private record Queued(Row row, CompletableFuture<Optional<UUID>> answer) {
    }

    /** Writes the lead, with the leads queued beside it: the person it went to, none when its source was revoked. */
    Optional<UUID> write(Row row) {
        Queued lead = new Queued(row, new CompletableFuture<>());
        synchronized (queue) {
            queue.addLast(lead);
        }
        while (!lead.answer().isDone()) {
            if (writers.tryAcquire()) {
                try {
                    writeWhileQueued();
                } finally {
                    writers.release();
                }
            } else {
                try {
                    // woken as soon as a writer answers; the timeout only covers a writer that
                    // found the queue empty just before this lead joined it
                    lead.answer().get(LOOK_AGAIN_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // look again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the lead was being written", e);
                } catch (ExecutionException e) {
                    break;
                }
            }
        }
        try {
            return lead.answer().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    private void writeWhileQueued() {
        for (List<Queued> batch = take(); !batch.isEmpty(); batch = take()) {
            List<Row> rows = batch.stream().map(Queued::row).toList();
            try {
                List<Written> answers = jdbi.withHandle(handle -> write(handle, rows));
                List<Queued> again = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    if (answers.get(i).again()) {
                        again.add(batch.get(i));
                    } else {
                        batch.get(i).answer().complete(answers.get(i).person());
                    }
                }
                batches.increment();
                written.add(batch.size() - again.size());
                requeue(again);
            } catch (RuntimeException e) {
                if (batch.size() == 1) {
                    batch.get(0).answer().completeExceptionally(e);
                } else {
                    // one lead's failure must not fail the others: each is written alone next
                    writeOneByOne(batch);
                }
            } catch (Error e) {
                batch.forEach(queued -> queued.answer().completeExceptionally(e));
                throw e;
            }
        }
    }

    /** The leads written per batch so far, on average: how much writing together saved. */
    double leadsPerBatch() {
        return written.doubleValue() / Math.max(1, batches.longValue());
    }

    private void writeOneByOne(List<Queued> batch) {
        for (Queued queued : batch) {
            try {
                Written written = jdbi.withHandle(handle -> write(handle, List.of(queued.row()))).get(0);
                queued.answer().complete(written.person());
            } catch (RuntimeException e) {
                queued.answer().completeExceptionally(e);
            }
        }
    }

    /** The next batch: queued leads in order, leaving for later any that shares a contact with one taken. */
    private List<Queued> take() {
        List<Queued> batch = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        synchronized (queue) {
            Iterator<Queued> waiting = queue.iterator();
            while (waiting.hasNext() && batch.size() < MOST_PER_BATCH) {
                Queued queued = waiting.next();
                Set<String> own = queued.row().keys();
                if (own.stream().noneMatch(keys::contains)) {
                    keys.addAll(own);
                    batch.add(queued);
                    waiting.remove();
                }
            }
        }
        return batch;
    }

    /** Leads handed back go first into the next batch, in their order, ahead of those that came later. */
    private void requeue(List<Queued> again) {
        synchronized (queue) {
            for (int i = again.size() - 1; i >= 0; i--) {
                queue.addFirst(again.get(i));
            }
        }
    }

    /**
     * Writes a batch with {@link #LOCK} and {@link #LEADS}: both statements sent at once, one round
     * trip, one transaction (PostgreSQL runs statements sent with one Sync as one implicit
     * transaction). What each lead of the batch came to, in the batch's order.
     */
    static List<Written> write(Handle handle, List<Row> rows) {
        Set<String> keys = new TreeSet<>();
        List<Long> contactLeads = new ArrayList<>();
        List<String> contactKinds = new ArrayList<>();
        List<String> contactValues = new ArrayList<>();
        List<Long> consentLeads = new ArrayList<>();
        List<String> purposes = new ArrayList<>();
        List<Boolean> granted = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            long n = i + 1;
            keys.addAll(row.keys());
            row.contacts().forEach((value, kind) -> {
                contactLeads.add(n);
                contactKinds.add(kind);
                contactValues.add(value);
            });
            row.consents().forEach((purpose, given) -> {
                consentLeads.add(n);
                purposes.add(purpose);
                granted.add(given);
            });
        }
        return handle.createQuery(LOCK + ";\n" + LEADS)
                .bindArray("keys", String.class, keys.toArray())
                .bind("stage", Funnel.INTERESTED)
                .bindArray("sources", Long.class, rows.stream().map(Row::sourceId).toArray())
                .bindArray("ids", String.class, rows.stream().map(row -> row.newPerson().toString()).toArray())
                .bindArray("lasts", String.class, rows.stream().map(Row::lastName).toArray())
                .bindArray("firsts", String.class, rows.stream().map(Row::firstName).toArray())
                .bindArray("middles", String.class, rows.stream().map(Row::middleName).toArray())
                .bindArray("fulls", String.class, rows.stream().map(Row::fullName).toArray())
                .bindArray("emails", String.class, rows.stream().map(Row::email).toArray())
                .bindArray("phones", String.class, rows.stream().map(Row::phone).toArray())
                .bindArray("touches", String.class, rows.stream().map(Row::touch).toArray())
                .bindArray("ats", String.class, rows.stream().map(row -> row.at().toString()).toArray())
                .bindArray("origins", String.class, rows.stream().map(Row::origin).toArray())
                .bindArray("summaries", String.class, rows.stream().map(Row::summary).toArray())
                .bindArray("details", String.class, rows.stream().map(Row::details).toArray())
                .bindArray("contactLeads", Long.class, contactLeads.toArray())
                .bindArray("contactKinds", String.class, contactKinds.toArray())
                .bindArray("contactValues", String.class, contactValues.toArray())
                .bindArray("consentLeads", Long.class, consentLeads.toArray())
                .bindArray("purposes", String.class, purposes.toArray())
                .bindArray("granted", Boolean.class, granted.toArray())
                .execute((statement, context) -> written(statement, context, rows.size()));
    }

    /** What each lead came to, from the second statement's rows (the first only takes the locks). */
    private static List<Written> written(Supplier<PreparedStatement> statement, StatementContext context, int leads)
            throws SQLException {
        PreparedStatement sent = statement.get();
        if (!sent.getMoreResults()) {
            throw new IllegalStateException("The leads' statement answered no rows");
        }
        List<Written> written = new ArrayList<>(leads);
        try (ResultSet rows = sent.getResultSet()) {
            while (rows.next()) {
                written.add(new Written(Optional.ofNullable(rows.getObject(1, UUID.class)), rows.getBoolean(2)));
            }
        }
        if (written.size() != leads) {
            throw new IllegalStateException("The leads' statement answered " + written.size() + " of " + leads + " leads");
        }
        return written;
    }

    /** The locks of a batch's contacts, in a fixed order, so that two batches never wait for each other in a circle. */
    static final String LOCK = "SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM"
            + " (SELECT unnest(CAST(:keys AS text[])) AS k ORDER BY 1) ordered";

    /**
     * A batch of leads in one statement, taking its snapshot after the locks are held, so that it
     * sees the person a batch that held them before made. Per lead ({@code n}, its place in the
     * batch): the person found by one of its contacts (by email first, then the oldest contact),
     * locked and filled in, or made with the id the lead brings; the touch and the funnel stage in
     * the same write of the row; the contacts, the consents, the funnel's move, and the timeline's
     * entries for the lead and the move. The person moves to the stage only when it lies further
     * down the funnel than where they stand, as {@link Funnel#advance} decides. A lead whose source
     * has been revoked writes nothing and answers no person; of two leads finding the same known
     * person the later is not written and answers {@code again}. Leads sharing a contact are never
     * in one batch ({@link LeadWriter#take}).
     */
    static final String LEADS = """
            WITH lead AS (
                SELECT l.* FROM unnest(CAST(:sources AS bigint[]), CAST(CAST(:ids AS text[]) AS uuid[]),
                                       CAST(:lasts AS text[]), CAST(:firsts AS text[]), CAST(:middles AS text[]),
                                       CAST(:fulls AS text[]), CAST(:emails AS text[]), CAST(:phones AS text[]),
                                       CAST(CAST(:touches AS text[]) AS jsonb[]),
                                       CAST(CAST(:ats AS text[]) AS timestamptz[]), CAST(:origins AS text[]),
                                       CAST(:summaries AS text[]), CAST(CAST(:details AS text[]) AS jsonb[]))
                     WITH ORDINALITY AS l(source_id, new_id, last_name, first_name, middle_name, full_name, email,
                                          phone, touch, at, origin, summary, details, n)
                WHERE EXISTS (SELECT 1 FROM lead_sources s WHERE s.id = l.source_id AND s.revoked_at IS NULL)),
            contact AS (
                SELECT * FROM unnest(CAST(:contactLeads AS bigint[]), CAST(:contactKinds AS text[]),
                                     CAST(:contactValues AS text[])) WITH ORDINALITY AS c(n, kind, value, i)),
            consent AS (
                SELECT * FROM unnest(CAST(:consentLeads AS bigint[]), CAST(:purposes AS text[]),
                                     CAST(:granted AS boolean[])) WITH ORDINALITY AS k(n, purpose, granted, i)),
            matched AS (
                SELECT l.n, (SELECT pc.person_id FROM contact c
                             JOIN person_contacts pc ON pc.kind = c.kind AND pc.value = c.value
                             WHERE c.n = l.n
                             ORDER BY pc.kind = 'EMAIL' DESC, pc.id LIMIT 1) AS person_id
                FROM lead l),
            locked AS (
                SELECT p.id, p.stage FROM persons p WHERE p.id IN (SELECT person_id FROM matched)
                FOR UPDATE OF p),
            matched_locked AS (
                SELECT m.n, k.id, k.stage FROM matched m JOIN locked k ON k.id = m.person_id),
            found AS (
                SELECT DISTINCT ON (id) n, id, stage FROM matched_locked ORDER BY id, n),
            again AS (
                SELECT n FROM matched_locked EXCEPT SELECT n FROM found),
            fresh AS (
                SELECT l.* FROM lead l WHERE l.n NOT IN (SELECT n FROM matched_locked)),
            moving AS (
                SELECT l.n, t.code FROM lead l JOIN funnel_stages t ON t.code = CAST(:stage AS text) AND t.active
                WHERE l.n NOT IN (SELECT n FROM again)
                  AND NOT EXISTS (SELECT 1 FROM found f JOIN funnel_stages s ON s.code = f.stage
                                  WHERE f.n = l.n AND s.position >= t.position)),
            updated AS (
                UPDATE persons p SET
                    last_name = CASE WHEN p.last_name = '' THEN l.last_name ELSE p.last_name END,
                    first_name = CASE WHEN p.first_name = '' THEN l.first_name ELSE p.first_name END,
                    middle_name = CASE WHEN p.middle_name = '' AND p.last_name IN ('', l.last_name)
                                       THEN l.middle_name ELSE p.middle_name END,
                    full_name = trim(regexp_replace(
                        CASE WHEN p.last_name = '' THEN l.last_name ELSE p.last_name END || ' '
                        || CASE WHEN p.first_name = '' THEN l.first_name ELSE p.first_name END || ' '
                        || CASE WHEN p.middle_name = '' AND p.last_name IN ('', l.last_name)
                                THEN l.middle_name ELSE p.middle_name END, '\\s+', ' ', 'g')),
                    email = CASE WHEN p.email = '' THEN l.email ELSE p.email END,
                    phone = CASE WHEN p.phone = '' THEN l.phone ELSE p.phone END,
                    first_touch = coalesce(p.first_touch, l.touch),
                    last_touch = l.touch,
                    stage = coalesce(m.code, p.stage),
                    stage_since = CASE WHEN m.code IS NOT NULL THEN l.at ELSE p.stage_since END,
                    updated_at = now()
                FROM found f JOIN lead l ON l.n = f.n LEFT JOIN moving m ON m.n = f.n
                WHERE p.id = f.id
                RETURNING f.n, p.id),
            inserted AS (
                INSERT INTO persons (id, last_name, first_name, middle_name, full_name, email, phone, first_touch,
                                     last_touch, stage, stage_since)
                SELECT l.new_id, l.last_name, l.first_name, l.middle_name, l.full_name, l.email, l.phone, l.touch,
                       l.touch, m.code, CASE WHEN m.code IS NULL THEN NULL ELSE l.at END
                FROM fresh l LEFT JOIN moving m ON m.n = l.n
                ORDER BY l.n
                RETURNING id),
            person AS (
                SELECT n, id FROM updated
                UNION ALL
                SELECT l.n, i.id FROM inserted i JOIN lead l ON l.new_id = i.id),
            contacts AS (
                INSERT INTO person_contacts (person_id, kind, value, source)
                SELECT person.id, c.kind, c.value, l.origin
                FROM person JOIN contact c ON c.n = person.n JOIN lead l ON l.n = person.n
                ORDER BY person.n, c.i
                ON CONFLICT (kind, value) DO NOTHING),
            consents AS (
                INSERT INTO person_consents (person_id, purpose, granted, source, at)
                SELECT person.id, k.purpose, k.granted, l.origin, l.at
                FROM person JOIN consent k ON k.n = person.n JOIN lead l ON l.n = person.n
                ORDER BY person.n, k.i),
            moved AS (
                INSERT INTO funnel_moves (person_id, from_stage, to_stage, reason, automatic, at)
                SELECT person.id, f.stage, m.code, l.origin, true, l.at
                FROM person JOIN moving m ON m.n = person.n JOIN lead l ON l.n = person.n
                     LEFT JOIN found f ON f.n = person.n
                ORDER BY person.n
                RETURNING id, person_id, from_stage, to_stage, reason, at),
            entries AS (
                INSERT INTO timeline_entries (person_id, kind, at, summary, details, source_ref)
                SELECT person_id, kind, at, summary, details, source_ref FROM (
                    SELECT person.n, 1 AS place, person.id AS person_id, 'LEAD' AS kind, l.at, l.summary, l.details,
                           CAST(NULL AS text) AS source_ref
                    FROM person JOIN lead l ON l.n = person.n
                    UNION ALL
                    SELECT person.n, 2, moved.person_id, 'STAGE', moved.at, moved.reason,
                           jsonb_build_object('from', moved.from_stage, 'to', moved.to_stage, 'automatic', true),
                           'stage:' || moved.id
                    FROM moved JOIN person ON person.id = moved.person_id) both_kinds
                ORDER BY n, place
                ON CONFLICT (source_ref) DO NOTHING)
            SELECT person.id, a.n IN (SELECT n FROM again)
            FROM unnest(CAST(:sources AS bigint[])) WITH ORDINALITY AS a(source_id, n)
            LEFT JOIN person ON person.n = a.n
            ORDER BY a.n""";
}
