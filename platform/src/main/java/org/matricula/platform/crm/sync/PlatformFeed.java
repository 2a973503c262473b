package org.matricula.platform.crm.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.persons.Contacts;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.db.GivingWay;
import org.matricula.platform.db.RepeatedWork;
import org.matricula.platform.errors.InputDates;

/**
 * Brings what happens elsewhere on the platform into the CRM, by reading the records the other
 * features keep, so that none of them needs to know the CRM: applicant accounts and declarations
 * become persons (or find theirs), declarations and their status changes and every mail sent go
 * on the persons' timelines, and declarations move persons along the funnel.
 *
 * <p>It reads each source from where it left off, a little before it, as a row numbered earlier
 * may commit later; an entry is made once per source row, so reading a row again adds nothing.
 * The first run after an upgrade reads everything there is (the backfill). One node at a time
 * reads, under an advisory lock.
 */
public final class PlatformFeed implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many rows before the mark are read again, for rows that committed late. */
    private static final long OVERLAP = 200;
    private static final int BATCH = 500;
    /** How much earlier than the mark an account may have been created and not yet committed. */
    private static final Duration ACCOUNTS_MARGIN = Duration.ofMinutes(1);
    /**
     * Applicant accounts created since the mark (a minute's margin, as creation times may commit out
     * of order) and not tied to a person yet; read through the partial index on their creation time (V102).
     */
    static final String NEW_ACCOUNTS = """
            SELECT a.id, a.email, a.created_at FROM accounts a
            WHERE a.role = 'APPLICANT' AND a.erased_at IS NULL
              AND a.created_at > to_timestamp(:since / 1000.0) - interval '%d seconds'
              AND NOT EXISTS (SELECT 1 FROM person_accounts pa WHERE pa.account_id = a.id)
            ORDER BY a.created_at LIMIT :batch FOR SHARE OF a""".formatted(ACCOUNTS_MARGIN.toSeconds());

    private final Jdbi jdbi;
    private final Persons persons;
    private final Timeline timeline;
    private final Funnel funnel;
    private final RepeatedWork repeated = new RepeatedWork("crm-feed", PlatformFeed.class,
            "The CRM could not read the platform's records");

    public PlatformFeed(Jdbi jdbi, Persons persons, Timeline timeline, Funnel funnel) {
        this.jdbi = jdbi;
        this.persons = persons;
        this.timeline = timeline;
        this.funnel = funnel;
    }

    public void start(Duration tick) {
        repeated.start(Duration.ZERO, tick, this::catchUp);
    }

    /**
     * Reads every source until nothing new is left; answers how many rows were taken in. A run
     * goes on at once only while a source filled its batch: rows that come meanwhile wait for the
     * next tick, so that under a stream of submissions each run takes in a second's worth with
     * one set of statements instead of chasing the stream a few rows at a time, each time paying
     * for the reads of every source.
     */
    public int catchUp() {
        int total = 0;
        Read read;
        do {
            read = jdbi.inTransaction(handle -> {
                // The rows copied are share-locked (an erasure waits for the copy, then erases it
                // too), in the feed's own order: it gives way to whoever holds one.
                Optional<Long> started = handle.createQuery("SELECT CAST(extract(epoch FROM now()) * 1000 AS bigint)"
                        + " WHERE " + GivingWay.WAIT_BRIEFLY
                        + " AND pg_try_advisory_xact_lock(hashtext('matricula.crm.feed'))").mapTo(Long.class).findOne();
                if (started.isEmpty()) {
                    return Read.NOTHING;
                }
                return accounts(handle, started.get()).and(history(handle)).and(mails(handle));
            });
            total += read.taken();
        } while (read.full());
        return total;
    }

    /** What a run took in from its sources, and whether one of them filled its batch, leaving more. */
    private record Read(int taken, boolean full) {

        static final Read NOTHING = new Read(0, false);

        static Read of(int taken, int rows) {
            return new Read(taken, rows == BATCH);
        }

        Read and(Read other) {
            return new Read(taken + other.taken, full || other.full);
        }
    }

    /**
     * Applicant accounts not yet tied to a person, oldest first. The mark is a time: the creation
     * time of the last account taken while more are left, and once none are, the start of the run
     * ({@code started}, in epoch milliseconds), since an account it did not see was created less
     * than the margin before it. The next run then reads only the accounts of the last minute, not
     * those of the minute before the newest one, which after an import of many at once would be
     * read on every run until the next sign-up.
     */
    private Read accounts(Handle handle, long started) {
        long since = SyncMarks.of(handle, "accounts");
        record Account(UUID id, String email, Instant created) {
        }
        List<Account> found = handle.createQuery(NEW_ACCOUNTS).bind("since", since).bind("batch", BATCH)
                .map((rs, ctx) -> new Account(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getTimestamp("created_at").toInstant())).list();
        Map<UUID, UUID> accountPersons = new LinkedHashMap<>();
        for (Account account : found) {
            accountPersons.put(account.id(), persons.resolve(handle, new Persons.Record("", "", "", null,
                    Contacts.email(account.email()).stream().toList(), List.of(), "account"),
                    Optional.empty()).id());
        }
        persons.linkAll(handle, accountPersons, Map.of());
        long mark = found.size() < BATCH ? started : found.get(found.size() - 1).created().toEpochMilli();
        // A run that took nothing moves the mark once it lags a margin behind, so that an idle
        // platform writes it once a minute rather than on every run.
        if (!found.isEmpty() || mark - since > ACCOUNTS_MARGIN.toMillis()) {
            SyncMarks.advance(handle, "accounts", mark);
        }
        return Read.of(found.size(), found.size());
    }

    /**
     * Declarations submitted and their status changes, from the declarations' history. Persons are
     * resolved row by row (a person may apply twice in one batch); the links, timeline entries and
     * consents of the whole batch are written with one statement each.
     */
    private Read history(Handle handle) {
        long since = Math.max(0, SyncMarks.of(handle, "declaration_history") - OVERLAP);
        List<HistoryRow> rows = handle.createQuery("""
                SELECT h.id, h.declaration_id, h.from_status, h.to_status, h.comment, h.actor_id, h.created_at,
                       d.number, d.account_id, d.values::text AS values, d.email, pg.name AS program, pr.name AS project,
                       (SELECT pd.person_id FROM person_declarations pd WHERE pd.declaration_id = d.id) AS linked,
                       (SELECT pa.person_id FROM person_accounts pa WHERE pa.account_id = d.account_id) AS known
                FROM declaration_history h JOIN declarations d ON d.id = h.declaration_id
                JOIN programs pg ON pg.id = d.program_id JOIN projects pr ON pr.id = d.project_id
                WHERE h.id > :since AND d.anonymized_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM timeline_entries t WHERE t.source_ref = 'history:' || h.id)
                ORDER BY h.id LIMIT :batch FOR SHARE OF d""")
                .bind("since", since).bind("batch", BATCH)
                .map((rs, ctx) -> new HistoryRow(rs.getLong("id"), rs.getObject("declaration_id", UUID.class),
                        rs.getString("from_status"), rs.getString("to_status"), rs.getString("comment"),
                        rs.getObject("actor_id", UUID.class), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("number"), rs.getObject("account_id", UUID.class), rs.getString("values"),
                        rs.getString("email"), rs.getString("program"), rs.getString("project"),
                        rs.getObject("linked", UUID.class), rs.getObject("known", UUID.class))).list();
        if (rows.isEmpty()) {
            return Read.NOTHING;
        }
        Map<UUID, UUID> accountPersons = new LinkedHashMap<>();
        Map<UUID, UUID> declarationPersons = new LinkedHashMap<>();
        Map<UUID, Persons.Record> fills = new LinkedHashMap<>();
        List<Placed> placed = new ArrayList<>();
        for (HistoryRow row : rows) {
            Optional<UUID> person = row.submission()
                    ? Optional.of(submitted(handle, row, accountPersons, declarationPersons, fills))
                    : Optional.ofNullable(row.linked()).or(() -> Optional.ofNullable(
                            declarationPersons.get(row.declaration())));
            person.ifPresent(id -> placed.add(new Placed(row, id)));
        }
        persons.fillAll(handle, fills);
        persons.linkAll(handle, accountPersons, declarationPersons);
        Set<String> appended = timeline.appendAll(handle, placed.stream().map(Placed::entry).toList());
        List<Placed> taken = placed.stream().filter(each -> appended.contains(each.row().source())).toList();
        List<Placed> submissions = taken.stream().filter(each -> each.row().submission()).toList();
        persons.consentAll(handle, submissions.stream().map(each -> new Persons.Consent(each.person(),
                Persons.PROCESSING, true, each.row().event(), each.row().at())).toList());
        funnel.advanceAll(handle, submissions.stream().map(Placed::event).toList(), Funnel.APPLICANT);
        funnel.advanceAll(handle, taken.stream().filter(each -> each.row().admits()).map(Placed::event).toList(),
                Funnel.STUDENT);
        SyncMarks.advance(handle, "declaration_history", rows.get(rows.size() - 1).id());
        return Read.of(taken.size(), rows.size());
    }

    /**
     * One row of a declaration's history, with its declaration, the person the declaration is tied
     * to ({@code linked}) and its account's person ({@code known}), null where there is none yet.
     */
    private record HistoryRow(long id, UUID declaration, String from, String to, String comment, UUID actor,
            Instant at, String number, UUID account, String values, String email, String program, String project,
            UUID linked, UUID known) {

        boolean submission() {
            return from == null;
        }

        /** A status change that makes the applicant a student. */
        boolean admits() {
            return !submission() && (to.equals("ACCEPTED") || to.equals("ENROLLED"));
        }

        String source() {
            return "history:" + id;
        }

        String event() {
            return "declaration " + number;
        }

        Entry entry(UUID person) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("declaration", declaration.toString());
            details.put("number", number);
            details.put("program", program);
            details.put("project", project);
            if (submission()) {
                details.put("status", to);
                return Entry.of(person, Kind.DECLARATION, at, number + " · " + program, details, actor, source());
            }
            details.put("from", from);
            details.put("to", to);
            return Entry.of(person, Kind.STATUS, at, comment, details, actor, source());
        }
    }

    /** A history row with the person it goes to. */
    private record Placed(HistoryRow row, UUID person) {

        Entry entry() {
            return row.entry(person);
        }

        Funnel.Event event() {
            return new Funnel.Event(person, row.event(), row.at());
        }
    }

    /**
     * The person a submitted declaration goes to: the account's, tied before or earlier in this
     * batch, or the one its contacts match, or a new one. A known person's record waits in
     * {@code fills} to be filled in with those of the batch's other known persons, in one statement
     * (the usual case: an account is tied to its person when it signs up); what waits is
     * filled in before a record that is matched by its contacts or whose person waits already, so
     * that the records still go to the persons in the order they came.
     */
    private UUID submitted(Handle handle, HistoryRow row, Map<UUID, UUID> accountPersons,
            Map<UUID, UUID> declarationPersons, Map<UUID, Persons.Record> fills) {
        Map<String, String> values = values(row.values());
        List<String> emails = Contacts.email(row.email()).stream().toList();
        List<String> phones = Contacts.phone(values.get("phone")).stream().toList();
        Optional<UUID> known = Optional.ofNullable(row.known())
                .or(() -> Optional.ofNullable(accountPersons.get(row.account())));
        Persons.Record record = new Persons.Record(values.get("lastName"), values.get("firstName"),
                values.get("middleName"), date(values.get("birthDate")), emails, phones, "declaration");
        UUID person;
        if (known.isPresent() && !fills.containsKey(known.get())) {
            fills.put(known.get(), record);
            person = known.get();
        } else {
            persons.fillAll(handle, fills);
            fills.clear();
            person = persons.resolve(handle, record, known).id();
        }
        if (row.known() == null) {
            accountPersons.putIfAbsent(row.account(), person);
        }
        if (row.linked() == null) {
            declarationPersons.putIfAbsent(row.declaration(), person);
        }
        return person;
    }

    /**
     * Every mail sent, on the timeline of the person owning the address, with one statement for the
     * batch.
     */
    private Read mails(Handle handle) {
        long since = Math.max(0, SyncMarks.of(handle, "mail_log") - OVERLAP);
        record Mail(long id, Optional<String> address, String subject, String template, Instant at) {
        }
        List<Mail> mails = handle.createQuery("""
                SELECT m.id, m.recipient, m.subject, coalesce(o.payload ->> 'type', o.kind, '') AS template, m.created_at
                FROM mail_log m LEFT JOIN outbox o ON o.id = m.outbox_id
                WHERE m.id > :since
                  AND NOT EXISTS (SELECT 1 FROM timeline_entries t WHERE t.source_ref = 'mail:' || m.id)
                ORDER BY m.id LIMIT :batch""")
                .bind("since", since).bind("batch", BATCH)
                .map((rs, ctx) -> new Mail(rs.getLong("id"), Contacts.email(rs.getString("recipient")),
                        rs.getString("subject"), rs.getString("template"), rs.getTimestamp("created_at").toInstant()))
                .list();
        if (mails.isEmpty()) {
            return Read.NOTHING;
        }
        Map<String, UUID> owners = persons.ofEmails(handle, mails.stream()
                .flatMap(mail -> mail.address().stream()).collect(Collectors.toSet()));
        List<Entry> entries = new ArrayList<>();
        for (Mail mail : mails) {
            mail.address().filter(owners::containsKey).ifPresent(email -> {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("to", email);
                details.put("template", mail.template());
                entries.add(Entry.of(owners.get(email), Kind.MAIL, mail.at(), mail.subject(), details, null,
                        "mail:" + mail.id()));
            });
        }
        timeline.appendAll(handle, entries);
        SyncMarks.advance(handle, "mail_log", mails.get(mails.size() - 1).id());
        return Read.of(entries.size(), mails.size());
    }

    private static Map<String, String> values(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return InputDates.date(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        repeated.close();
    }
}
