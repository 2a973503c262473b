package org.matricula.platform.crm.leads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.persons.Contacts;
import org.matricula.platform.db.GivingWay;
import org.matricula.platform.db.PlainJdbc;
import org.matricula.platform.errors.Failures;
import org.matricula.platform.http.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leads accepted and waiting to be written into the CRM ({@code lead_inbox}), and the worker that
 * writes them. A request stores its checked lead as one row (one round trip, one commit) and wakes
 * the worker; the worker takes the waiting leads out ({@code FOR UPDATE SKIP LOCKED}, so every node
 * may run one), takes their contacts' locks and writes them together with {@link LeadWriter}, all in
 * one transaction: each lead is written exactly once, and a lead accepted is never lost.
 * Leads sharing a contact go into consecutive statements of that transaction, so that two leads of
 * one new address make one person. A batch that fails is written again lead by lead; a lead that
 * fails alone {@value #MOST_ATTEMPTS} times keeps its row with the failure, for an administrator.
 * A marketing consent a lead gives is not written with it, whenever the lead was kept: the person
 * is asked to confirm it by mail in the same transaction ({@link MarketingConfirmations}).
 */
public final class LeadInbox implements AutoCloseable {

    /** The most leads one transaction of the worker claims. */
    static final int MOST_PER_CLAIM = 500;
    /** After so many failed attempts a lead waits for an administrator. */
    static final int MOST_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(LeadInbox.class);
    private static final ObjectMapper JSON = JsonMapper.create();

    /** What a lead written through a lead form does with the browser that sent it, in the writing transaction. */
    @FunctionalInterface
    public interface VisitorLink {
        void link(Handle handle, UUID visitor, UUID person);
    }

    private final Jdbi jdbi;
    private final MarketingConfirmations confirmations;
    private final List<VisitorLink> visitorLinks = new CopyOnWriteArrayList<>();
    private final Semaphore arrived = new Semaphore(0);
    private volatile Thread worker;

    /** @param confirmations asks the persons of leads that give marketing consent to confirm it */
    public LeadInbox(Jdbi jdbi, MarketingConfirmations confirmations) {
        this.jdbi = jdbi;
        this.confirmations = confirmations;
    }

    /** The confirmations of the marketing consent leads ask for, whose links this inbox's leads mail. */
    public MarketingConfirmations confirmations() {
        return confirmations;
    }

    /** Adds what to do with the browser of a lead sent through a lead form once its person is known. */
    public void onVisitor(VisitorLink link) {
        visitorLinks.add(link);
    }

    /** Keeps the lead from that source; its id, or empty with nothing kept when the source has been revoked. */
    Optional<Long> put(long sourceId, LeadWriter.Row lead) {
        String json;
        try {
            json = JSON.writeValueAsString(lead);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A lead could not be put into JSON", e);
        }
        // The source's key is not read again for every lead (LeadSources#authenticate), so its
        // revocation, maybe on another node, is checked here. Plain JDBC: this runs for every lead.
        Optional<Long> id = PlainJdbc.run(jdbi, "Cannot keep a lead", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(PUT)) {
                insert.setLong(1, sourceId);
                insert.setString(2, json);
                insert.setLong(3, sourceId);
                try (ResultSet kept = insert.executeQuery()) {
                    return kept.next() ? Optional.of(kept.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
        id.ifPresent(kept -> arrived.release());
        return id;
    }

    private static final String PUT = """
            INSERT INTO lead_inbox (source_id, lead)
            SELECT ?, CAST(? AS json)
            WHERE EXISTS (SELECT 1 FROM lead_sources WHERE id = ? AND revoked_at IS NULL)
            RETURNING id""";

    /** Starts the worker: it writes as soon as leads arrive on this node, and looks every tick for others'. */
    public void start(Duration tick) {
        Thread thread = new Thread(() -> work(tick), "lead-inbox");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    private void work(Duration tick) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                arrived.tryAcquire(tick.toMillis(), TimeUnit.MILLISECONDS);
                arrived.drainPermits();
                writeWaiting();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                Failures.rethrowJvmFailure(e);
                if (!GivingWay.gaveWay(e)) {
                    log.warn("Waiting leads could not be written, tried again later: {}", Failures.rootMessage(e));
                    log.debug("Writing waiting leads failed", e);
                }
            }
        }
    }

    /**
     * Writes every waiting lead that can be written now (not those another worker is writing); how
     * many it took up, those that failed included.
     */
    public int writeWaiting() {
        int written = 0;
        for (int claimed = writeClaim(); claimed > 0; claimed = writeClaim()) {
            written += claimed;
        }
        return written;
    }

    /** How many leads are waiting to be written, those given up on included. */
    public long waiting() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM lead_inbox").mapTo(Long.class).one());
    }

    /** A lead given up on after {@value #MOST_ATTEMPTS} attempts, as an administrator sees it. */
    public record GivenUp(long id, String source, Instant receivedAt, String name, String contact, String failure) {
    }

    /** The leads given up on, oldest first (at most 500). */
    public List<GivenUp> givenUp() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT i.id, s.name AS source, i.received_at, i.lead ->> 'fullName' AS person,
                       coalesce(nullif(i.lead ->> 'email', ''), i.lead ->> 'phone') AS contact, i.failure
                FROM lead_inbox i LEFT JOIN lead_sources s ON s.id = i.source_id
                WHERE i.attempts >= :most ORDER BY i.id LIMIT 500""")
                .bind("most", MOST_ATTEMPTS)
                .map((rs, ctx) -> new GivenUp(rs.getLong("id"), rs.getString("source"),
                        rs.getTimestamp("received_at").toInstant(), rs.getString("person"), rs.getString("contact"),
                        rs.getString("failure")))
                .list());
    }

    /** Puts a lead given up on back in line, after its cause has been mended; whether there was one. */
    public boolean retry(long id) {
        boolean found = jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE lead_inbox SET attempts = 0, failure = NULL WHERE id = :id AND attempts >= :most")
                .bind("id", id).bind("most", MOST_ATTEMPTS).execute() == 1);
        if (found) {
            arrived.release();
        }
        return found;
    }

    /** Throws away a lead given up on, personal data and all; whether there was one. */
    public boolean discard(long id) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                "DELETE FROM lead_inbox WHERE id = :id AND attempts >= :most")
                .bind("id", id).bind("most", MOST_ATTEMPTS).execute() == 1);
    }

    /**
     * Throws away the leads, waiting or given up on, that carry one of these addresses or a contact
     * of these persons: an erasure calls it in its transaction, before the persons go, so that no
     * lead keeps the personal data or makes the person again afterwards.
     */
    public static int forget(Handle handle, List<UUID> persons, Set<String> emails) {
        List<String> normalized = emails.stream().flatMap(email -> Contacts.email(email).stream()).toList();
        return handle.createUpdate("""
                WITH contacts AS (
                    SELECT value FROM person_contacts WHERE person_id = ANY(:persons)
                    UNION SELECT unnest(CAST(:emails AS text[])))
                DELETE FROM lead_inbox
                WHERE lead ->> 'email' IN (SELECT value FROM contacts)
                   OR lead ->> 'phone' IN (SELECT value FROM contacts)""")
                .bindArray("persons", UUID.class, persons.toArray())
                .bindArray("emails", String.class, normalized.toArray()).execute();
    }

    /** A claimed lead, with its contacts' keys (the locks it takes, the leads it must wait for). */
    private record Waiting(long id, LeadWriter.Row row, Set<String> keys) {
    }

    /** Claims and writes waiting leads in one transaction; how many it claimed (0: none waiting). */
    private int writeClaim() {
        List<Long> claimed = new ArrayList<>();
        try {
            return jdbi.inTransaction(handle -> {
                List<Kept> kept = claim(handle, null);
                kept.forEach(lead -> claimed.add(lead.id()));
                if (!kept.isEmpty()) {
                    write(handle, read(kept));
                }
                return kept.size();
            });
        } catch (RuntimeException e) {
            if (claimed.size() <= 1 && !GivingWay.gaveWay(e)) {
                claimed.forEach(id -> failed(id, e));
                return claimed.size();
            }
            if (claimed.isEmpty()) {
                throw e;
            }
            // one lead must not hold the others back: each is written alone
            for (long id : claimed) {
                writeAlone(id);
            }
            return claimed.size();
        }
    }

    private void writeAlone(long id) {
        try {
            jdbi.useTransaction(handle -> {
                List<Kept> kept = claim(handle, id);
                if (!kept.isEmpty()) {
                    write(handle, read(kept));
                }
            });
        } catch (RuntimeException e) {
            if (!GivingWay.gaveWay(e)) {
                failed(id, e);
            }
        }
    }

    /**
     * Takes waiting leads not yet given up on, oldest first, skipping those another worker holds: up
     * to {@link #MOST_PER_CLAIM}, or only the one with id {@code only}. They are deleted as they are
     * taken (a lock and then a delete would write each row twice); if the transaction fails, they
     * are back.
     */
    private static List<Kept> claim(Handle handle, Long only) {
        List<Kept> kept = new ArrayList<>(handle.createQuery("""
                DELETE FROM lead_inbox WHERE id IN (
                    SELECT id FROM lead_inbox
                    WHERE attempts < :most AND (CAST(:only AS bigint) IS NULL OR id = :only)
                    ORDER BY id LIMIT :claim FOR UPDATE SKIP LOCKED)
                RETURNING id, lead::text""")
                .bind("most", MOST_ATTEMPTS).bind("only", only).bind("claim", MOST_PER_CLAIM)
                .map((result, context) -> new Kept(result.getLong(1), result.getString(2))).list());
        kept.sort(Comparator.comparingLong(Kept::id));
        return kept;
    }

    private void failed(long id, RuntimeException failure) {
        String reason = String.valueOf(failure.getMessage());
        log.error("Lead {} from the inbox could not be written: {}", id, reason, failure);
        jdbi.useHandle(handle -> handle.createUpdate(
                "UPDATE lead_inbox SET attempts = attempts + 1, failure = :failure WHERE id = :id")
                .bind("id", id).bind("failure", reason.length() > 2000 ? reason.substring(0, 2000) : reason).execute());
    }

    /** A lead as the inbox keeps it. */
    private record Kept(long id, String json) {
    }

    private static List<Waiting> read(List<Kept> kept) {
        List<Waiting> leads = new ArrayList<>(kept.size());
        for (Kept lead : kept) {
            try {
                LeadWriter.Row row = JSON.readValue(lead.json(), LeadWriter.Row.class);
                leads.add(new Waiting(lead.id(), row, row.keys()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Lead " + lead.id() + " in the inbox is not a lead: "
                        + e.getOriginalMessage(), e);
            }
        }
        return leads;
    }

    /**
     * Writes the claimed leads: the contacts' locks for all of them first, then statements of leads
     * that share no contact, in the order the leads arrived.
     */
    private void write(Handle handle, List<Waiting> leads) {
        Set<String> keys = new TreeSet<>();
        leads.forEach(lead -> keys.addAll(lead.keys()));
        handle.createQuery(LeadWriter.LOCK).bindArray("keys", String.class, keys.toArray()).mapTo(Long.class).one();
        LinkedList<Waiting> pending = new LinkedList<>(leads);
        while (!pending.isEmpty()) {
            List<Waiting> batch = apart(pending);
            List<LeadWriter.Written> written = LeadWriter.write(handle,
                    batch.stream().map(lead -> lead.row().withoutMarketingAsked()).toList());
            for (int i = batch.size() - 1; i >= 0; i--) {
                Waiting lead = batch.get(i);
                Optional<UUID> person = written.get(i).person();
                if (written.get(i).again()) {
                    pending.addFirst(lead);
                    continue;
                }
                if (lead.row().visitor() != null && person.isPresent()) {
                    for (VisitorLink link : visitorLinks) {
                        link.link(handle, lead.row().visitor(), person.get());
                    }
                }
                if (lead.row().asksForMarketing() && person.isPresent()) {
                    confirmations.ask(handle, person.get(), lead.row().origin(), lead.row().language());
                }
            }
        }
    }

    /**
     * Takes from the pending leads, in order, those sharing no contact with an earlier pending lead,
     * so that the leads of one contact are written in the order they arrived.
     */
    private static List<Waiting> apart(LinkedList<Waiting> pending) {
        List<Waiting> batch = new ArrayList<>();
        Set<String> earlier = new HashSet<>();
        for (Iterator<Waiting> leads = pending.iterator(); leads.hasNext(); ) {
            Waiting lead = leads.next();
            if (lead.keys().stream().noneMatch(earlier::contains)) {
                batch.add(lead);
                leads.remove();
            }
            earlier.addAll(lead.keys());
        }
        return batch;
    }

    @Override
    public void close() {
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
