package org.matricula.platform.crm.imports;

import java.nio.charset.Charset;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports persons, their organizations and roles from a CSV file: the file is kept as uploaded with
 * its detected encoding and delimiter; its columns are mapped to person fields; a dry run checks
 * every row without writing; then the rows are taken in chunks by whichever node holds the import
 * lock ({@link #runChunk}), each person matched through {@link Persons#resolve} (normalized email or
 * phone), so a person is never made twice, within a file or across imports. What an import adds is
 * recorded, so that {@link #undo} takes it back as a whole.
 */
public final class PersonImports {

    private static final Logger log = LoggerFactory.getLogger(PersonImports.class);

    /** Rows taken in one transaction. */
    static final int CHUNK = 250;
    /** Rows of a dry run listed with their problems; the rest are counted. */
    static final int LISTED = 200;
    private static final int MAX_COLUMNS = 100;
    /** Failures of an import's chunks in a row after which it is marked FAILED, whatever the reason. */
    static final int ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final Persons persons;
    private final Organizations organizations;

    public PersonImports(Jdbi jdbi, Persons persons, Organizations organizations) {
        this.jdbi = jdbi;
        this.persons = persons;
        this.organizations = organizations;
    }

    /** An import as its pages show it. */
    public record Import(long id, String fileName, String charset, String delimiter, List<String> headers,
            List<String> mapping, String state, int totalRows, int doneRows, int created, int matched, int skipped,
            Instant createdAt, Instant finishedAt, Instant undoneAt, String failure) {

        public int percent() {
            return totalRows == 0 ? (state.equals("DONE") ? 100 : 0) : Math.min(100, doneRows * 100 / totalRows);
        }
    }

    /** A dry run's outcome: rows counted, the rows with problems (the first {@link #LISTED}). */
    public record DryRun(int rows, int valid, int invalid, List<ImportRow> listed) {
    }

    /** A row left out by an import and why. */
    public record Skip(int row, String field, String reason) {
    }

    /** What an undo did: persons removed, and those kept because something else touched them since. */
    public record Undone(int removed, List<Kept> kept) {
    }

    public record Kept(UUID id, String name) {
    }

    /** Keeps an uploaded file with its detected encoding, delimiter and header row, the columns guessed. */
    public Import upload(byte[] file, String fileName, UUID actor, Locale locale) {
        if (file == null || file.length == 0) {
            throw InvalidInputException.field("file", Messages.text(locale, "crm.import.error.empty"));
        }
        Charset charset = CsvFiles.charset(file);
        char delimiter = CsvFiles.delimiter(file, charset);
        List<String> headers = new ArrayList<>();
        boolean anyRow;
        try (CSVParser parser = CsvFiles.parser(file, charset, delimiter)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (records.hasNext()) {
                records.next().forEach(headers::add);
            }
            anyRow = records.hasNext();
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw InvalidInputException.field("file", Messages.text(locale, "crm.import.error.unreadable"));
        }
        if (headers.isEmpty() || headers.stream().allMatch(String::isBlank) || headers.size() > MAX_COLUMNS) {
            throw InvalidInputException.field("file", Messages.text(locale, "crm.import.error.noHeader"));
        }
        if (!anyRow) {
            // a header and nothing under it: no table of persons (a note, a page, a document)
            throw InvalidInputException.field("file", Messages.text(locale, "crm.import.error.noRows"));
        }
        List<String> guessed = headers.stream().map(header -> ImportField.guess(header).map(ImportField::code)
                .orElse("")).toList();
        long id = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO crm_imports (file_name, content, charset, delimiter, headers, mapping, actor_id)
                VALUES (:name, :content, :charset, :delimiter, CAST(:headers AS text[]), CAST(:mapping AS text[]), :actor)
                RETURNING id""")
                .bind("name", fileName == null ? "" : fileName.strip()).bind("content", file)
                .bind("charset", charset.name()).bind("delimiter", String.valueOf(delimiter))
                .bindArray("headers", String.class, headers.toArray())
                .bindArray("mapping", String.class, guessed.toArray()).bind("actor", actor).mapTo(Long.class).one());
        return require(id);
    }

    public Import require(long id) {
        return jdbi.withHandle(handle -> find(handle, id)).orElseThrow(() -> NotFoundException.localized("refusal.import.missing", String.valueOf(id)));
    }

    private static Optional<Import> find(Handle handle, long id) {
        return handle.createQuery("""
                SELECT id, file_name, charset, delimiter, headers, mapping, state, total_rows, done_rows, created,
                       matched, skipped, created_at, finished_at, undone_at, failure
                FROM crm_imports WHERE id = :id""").bind("id", id).map((rs, ctx) -> new Import(rs.getLong("id"),
                        rs.getString("file_name"), rs.getString("charset"), rs.getString("delimiter"),
                        List.of((String[]) rs.getArray("headers").getArray()),
                        List.of((String[]) rs.getArray("mapping").getArray()), rs.getString("state"),
                        rs.getInt("total_rows"), rs.getInt("done_rows"), rs.getInt("created"), rs.getInt("matched"),
                        rs.getInt("skipped"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
                        rs.getTimestamp("undone_at") == null ? null : rs.getTimestamp("undone_at").toInstant(),
                        rs.getString("failure")))
                .findOne();
    }

    /** The latest imports, newest first. */
    public List<Import> latest(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM crm_imports ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit).mapTo(Long.class).list().stream()
                .map(id -> find(handle, id).orElseThrow()).toList());
    }

    /**
     * Saves the columns' mapping (a field code or blank per column); refused when a field other than
     * email, phone or tags is chosen twice, or no column gives an email or a phone.
     */
    public Import map(long id, List<String> mapping, Locale locale) {
        Import found = require(id);
        if (!found.state().equals("MAPPING")) {
            throw new Conflict(Messages.text(locale, "crm.import.error.started"));
        }
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < found.headers().size(); i++) {
            String code = i < mapping.size() && mapping.get(i) != null ? mapping.get(i).strip() : "";
            if (!code.isEmpty() && ImportField.of(code).isEmpty()) {
                throw InvalidInputException.field("col" + i, Messages.text(locale, "crm.import.error.field"));
            }
            ImportField field = ImportField.of(code).orElse(null);
            if (field != null && field != ImportField.EMAIL && field != ImportField.PHONE && field != ImportField.TAGS
                    && chosen.contains(code)) {
                throw InvalidInputException.field("col" + i, Messages.text(locale, "crm.import.error.twice",
                        field.label(locale)));
            }
            chosen.add(code);
        }
        if (!chosen.contains("email") && !chosen.contains("phone")) {
            throw InvalidInputException.field("col0", Messages.text(locale, "crm.import.error.noContactColumn"));
        }
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE crm_imports SET mapping = CAST(:mapping AS text[])"
                + " WHERE id = :id AND state = 'MAPPING'").bindArray("mapping", String.class, chosen.toArray())
                .bind("id", id).execute());
        return require(id);
    }

    /** Reads every row through the saved mapping and lists the problems, writing nothing but the row count. */
    public DryRun dryRun(long id) {
        Import found = require(id);
        byte[] file = content(id);
        List<ImportField> mapping = fields(found.mapping());
        int rows = 0;
        int valid = 0;
        List<ImportRow> listed = new ArrayList<>();
        try (CSVParser parser = CsvFiles.parser(file, Charset.forName(found.charset()), found.delimiter().charAt(0))) {
            Iterator<CSVRecord> records = parser.iterator();
            if (records.hasNext()) {
                records.next();
            }
            while (records.hasNext()) {
                ImportRow row = ImportRow.read(records.next(), mapping);
                rows++;
                if (row.valid()) {
                    valid++;
                } else if (listed.size() < LISTED) {
                    listed.add(row);
                }
            }
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw InvalidInputException.field("file", Messages.text(Locale.ENGLISH, "crm.import.error.unreadable"));
        }
        int total = rows;
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE crm_imports SET total_rows = :rows WHERE id = :id")
                .bind("rows", total).bind("id", id).execute());
        return new DryRun(rows, valid, rows - valid, listed);
    }

    /** Queues a mapped import for the background worker. */
    public void start(long id, Locale locale) {
        Import found = require(id);
        if (!found.mapping().contains("email") && !found.mapping().contains("phone")) {
            throw InvalidInputException.field("col0", Messages.text(locale, "crm.import.error.noContactColumn"));
        }
        int changed = jdbi.withHandle(handle -> handle.createUpdate(
                "UPDATE crm_imports SET state = 'QUEUED' WHERE id = :id AND state = 'MAPPING'").bind("id", id).execute());
        if (changed == 0) {
            throw new Conflict(Messages.text(locale, "crm.import.error.started"));
        }
    }

    private byte[] content(long id) {
        return jdbi.withHandle(handle -> content(handle, id));
    }

    private static byte[] content(Handle handle, long id) {
        byte[] file = handle.createQuery("SELECT content FROM crm_imports WHERE id = :id").bind("id", id)
                .mapTo(byte[].class).findOne().orElse(null);
        if (file == null) {
            throw Conflict.localized("refusal.import.fileGone", String.valueOf(id));
        }
        return file;
    }

    private static List<ImportField> fields(List<String> mapping) {
        return mapping.stream().map(code -> ImportField.of(code).orElse(null)).toList();
    }

    /**
     * Takes the next chunk of the oldest waiting import, if this node gets the import lock; answers
     * whether there is more to do. The chunk's writes and the mark of how far the import got commit
     * together, so a chunk is never taken twice. A chunk that fails is rolled back and tried again at
     * the next tick, unless the failure cannot go away by retrying (see {@link #failed}): the import
     * is then marked FAILED with the reason, and the imports queued after it go on.
     */
    public boolean runChunk() {
        long[] taking = {0};
        try {
            return chunk(taking);
        } catch (RuntimeException e) {
            if (taking[0] != 0 && failed(taking[0], e)) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Records that a chunk of the import failed; answers whether the import is now marked FAILED: on
     * a data error (the database refused a value: SQLState class 22 or 23), which the same rows bring
     * again on every try, or on {@link #ATTEMPTS} failures in a row.
     */
    private boolean failed(long id, RuntimeException e) {
        String reason = reason(e);
        boolean dataError = dataError(e);
        boolean marked = jdbi.inTransaction(handle -> {
            handle.createQuery("SELECT count(pg_advisory_xact_lock(hashtext('matricula.crm.import')))")
                    .mapTo(Long.class).one();
            return handle.createQuery("""
                    UPDATE crm_imports SET failures = failures + 1,
                        state = CASE WHEN :dataError OR failures + 1 >= :attempts THEN 'FAILED' ELSE state END,
                        failure = CASE WHEN :dataError OR failures + 1 >= :attempts THEN :reason ELSE failure END,
                        finished_at = CASE WHEN :dataError OR failures + 1 >= :attempts THEN now() ELSE finished_at END
                    WHERE id = :id AND state IN ('QUEUED', 'RUNNING')
                    RETURNING state""").bind("dataError", dataError).bind("attempts", ATTEMPTS)
                    .bind("reason", reason).bind("id", id).mapTo(String.class).findOne()
                    .map("FAILED"::equals).orElse(false);
        });
        if (marked) {
            log.warn("Person import {} failed and is left: {}", id, reason);
        }
        return marked;
    }

    /** Whether the database refused a value of the chunk (data exception or integrity constraint violation). */
    static boolean dataError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** The failure's innermost cause, for whoever looks into it from the import's page. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        // the message may quote the refused value, and the reason is kept as text too
        String reason = (root.getClass().getSimpleName() + ": " + message)
                .replaceAll("[\\x00-\\x08\\x0B-\\x1F]", " ");
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    private boolean chunk(long[] taking) {
        return jdbi.inTransaction(handle -> {
            if (!handle.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('matricula.crm.import'))")
                    .mapTo(Boolean.class).one()) {
                return false;
            }
            Optional<Long> waiting = handle.createQuery(
                    "SELECT id FROM crm_imports WHERE state IN ('QUEUED', 'RUNNING') ORDER BY id LIMIT 1")
                    .mapTo(Long.class).findOne();
            if (waiting.isEmpty()) {
                return false;
            }
            long id = waiting.get();
            taking[0] = id;
            Import found = find(handle, id).orElseThrow();
            byte[] file = content(handle, id);
            List<ImportField> mapping = fields(found.mapping());
            String source = "import:" + id;
            int taken = 0;
            int created = 0;
            int matched = 0;
            int skipped = 0;
            int seen = 0;
            boolean more;
            try (CSVParser parser = CsvFiles.parser(file, Charset.forName(found.charset()),
                    found.delimiter().charAt(0))) {
                Iterator<CSVRecord> records = parser.iterator();
                if (records.hasNext()) {
                    records.next();
                }
                while (seen < found.doneRows() && records.hasNext()) {
                    records.next();
                    seen++;
                }
                List<Item> items = new ArrayList<>();
                while (taken < CHUNK && records.hasNext()) {
                    ImportRow row = ImportRow.read(records.next(), mapping);
                    taken++;
                    if (!row.valid()) {
                        skipped++;
                        skip(handle, id, row);
                        continue;
                    }
                    if (take(handle, items, source, row)) {
                        created++;
                    } else {
                        matched++;
                    }
                }
                more = records.hasNext();
                items(handle, id, items);
            } catch (java.io.IOException | java.io.UncheckedIOException | IllegalStateException unreadable) {
                handle.createUpdate("INSERT INTO crm_import_skips (import_id, row_no, field, reason)"
                        + " VALUES (:id, :row, '', 'crm.import.error.unreadable') ON CONFLICT DO NOTHING")
                        .bind("id", id).bind("row", found.doneRows() + taken + 2).execute();
                skipped++;
                more = false;
            }
            handle.createUpdate("""
                    UPDATE crm_imports SET state = :state, done_rows = done_rows + :taken, created = created + :created,
                        matched = matched + :matched, skipped = skipped + :skipped,
                        total_rows = greatest(total_rows, done_rows + :taken), failures = 0,
                        started_at = coalesce(started_at, now()),
                        finished_at = CASE WHEN :more THEN NULL ELSE now() END,
                        content = CASE WHEN :more THEN content ELSE NULL END
                    WHERE id = :id""")
                    .bind("state", more ? "RUNNING" : "DONE").bind("taken", taken).bind("created", created)
                    .bind("matched", matched).bind("skipped", skipped).bind("more", more).bind("id", id).execute();
            return true;
        });
    }

    private static void skip(Handle handle, long id, ImportRow row) {
        for (ImportRow.Problem problem : row.problems()) {
            handle.createUpdate("INSERT INTO crm_import_skips (import_id, row_no, field, reason)"
                    + " VALUES (:id, :row, :field, :reason) ON CONFLICT DO NOTHING")
                    .bind("id", id).bind("row", (int) row.line()).bind("field", problem.field())
                    .bind("reason", problem.reason()).execute();
        }
    }

    /** Writes one valid row; answers whether it made a new person. */
    private boolean take(Handle handle, List<Item> items, String source, ImportRow row) {
        Persons.Resolved person = persons.resolve(handle, new Persons.Record(row.lastName(), row.firstName(),
                row.middleName(), row.birthDate(), row.emails(), row.phones(), source), Optional.empty());
        items.add(new Item(person.created() ? "PERSON" : "MATCHED", person.id(), null, ""));
        for (String tag : persons.addTags(handle, person.id(), row.tags())) {
            items.add(new Item("TAG", person.id(), null, tag));
        }
        if (!row.organization().isEmpty()) {
            Organizations.Found organization = organizations.findOrCreate(handle, row.organization());
            if (organization.created()) {
                items.add(new Item("ORGANIZATION", null, organization.id(), ""));
            }
            if (organizations.link(handle, organization.id(), person.id(), row.role())) {
                items.add(new Item("MEMBERSHIP", person.id(), organization.id(), row.role()));
            }
        }
        Instant at = row.consentAt() == null ? Instant.now() : row.consentAt();
        if (Boolean.TRUE.equals(row.consent())) {
            persons.consent(handle, person.id(), Persons.PROCESSING, true, source, at);
        }
        if (row.marketing() != null) {
            persons.consent(handle, person.id(), Persons.MARKETING, row.marketing(), source, at);
        }
        return person.created();
    }

    private record Item(String kind, UUID person, Long organization, String value) {
    }

    /** Records a chunk's items in one statement. */
    private static void items(Handle handle, long id, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        handle.createUpdate("""
                INSERT INTO crm_import_items (import_id, kind, person_id, organization_id, value)
                SELECT :id, kind, person, organization, value
                FROM unnest(CAST(:kinds AS text[]), CAST(:persons AS uuid[]), CAST(:organizations AS bigint[]),
                            CAST(:values AS text[])) AS i (kind, person, organization, value)""")
                .bind("id", id).bindArray("kinds", String.class, items.stream().map(Item::kind).toArray())
                .bindArray("persons", UUID.class, items.stream().map(Item::person).toArray())
                .bindArray("organizations", Long.class, items.stream().map(Item::organization).toArray())
                .bindArray("values", String.class, items.stream().map(Item::value).toArray()).execute();
    }

    private static void item(Handle handle, long id, String kind, UUID person, Long organization, String value) {
        handle.createUpdate("INSERT INTO crm_import_items (import_id, kind, person_id, organization_id, value)"
                + " VALUES (:id, :kind, :person, :organization, :value)").bind("id", id).bind("kind", kind)
                .bind("person", person).bind("organization", organization).bind("value", value).execute();
    }

    /** The rows an import left out, by row, the first {@code limit}. */
    public List<Skip> skips(long id, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT row_no, field, reason FROM crm_import_skips WHERE import_id = :id ORDER BY row_no, field
                LIMIT :limit""").bind("id", id).bind("limit", limit)
                .map((rs, ctx) -> new Skip(rs.getInt("row_no"), rs.getString("field"), rs.getString("reason"))).list());
    }

    /** The persons an undo kept because something else touched them after the import. */
    public List<Kept> kept(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT p.id, p.full_name FROM crm_import_items i JOIN persons p ON p.id = i.person_id
                WHERE i.import_id = :id AND i.kind = 'KEPT' ORDER BY p.full_name, p.id""").bind("id", id)
                .map((rs, ctx) -> new Kept(rs.getObject("id", UUID.class), rs.getString("full_name"))).list());
    }

    /** How many persons and organizations an undo would touch, for the confirmation page. */
    public Map<String, Integer> undoFigures(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT count(*) FILTER (WHERE kind = 'PERSON') AS persons,
                       count(*) FILTER (WHERE kind = 'ORGANIZATION') AS organizations,
                       count(*) FILTER (WHERE kind = 'MEMBERSHIP') AS memberships,
                       count(*) FILTER (WHERE kind = 'TAG') AS tags
                FROM crm_import_items WHERE import_id = :id""").bind("id", id)
                .map((rs, ctx) -> Map.of("persons", rs.getInt("persons"), "organizations", rs.getInt("organizations"),
                        "memberships", rs.getInt("memberships"), "tags", rs.getInt("tags"))).one());
    }

    /**
     * Takes a finished import back as a whole, in one transaction: the persons it made are removed
     * unless something else touched them since (a change, a match by another record, a timeline
     * entry, a declaration, an account, a task, a funnel move, another contact, consent or
     * membership): those are kept, whole, and listed. From the other persons it matched, the
     * contacts, consents, tags and memberships it added are removed; so are the organizations it
     * made that are left without members.
     */
    public Undone undo(long id, Locale locale) {
        return jdbi.inTransaction(handle -> {
            handle.createQuery("SELECT count(pg_advisory_xact_lock(hashtext('matricula.crm.import')))")
                    .mapTo(Long.class).one();
            Import found = find(handle, id).orElseThrow(() -> NotFoundException.localized("refusal.import.missing", String.valueOf(id)));
            if (!found.state().equals("DONE")) {
                throw new Conflict(Messages.text(locale, "crm.import.error.notDone"));
            }
            String source = "import:" + id;
            List<UUID> kept = handle.createQuery("""
                    SELECT p.id FROM crm_import_items i JOIN persons p ON p.id = i.person_id
                    WHERE i.import_id = :id AND i.kind = 'PERSON' AND (
                        p.updated_at > :finished
                        OR EXISTS (SELECT 1 FROM timeline_entries t WHERE t.person_id = p.id)
                        OR EXISTS (SELECT 1 FROM person_declarations d WHERE d.person_id = p.id)
                        OR EXISTS (SELECT 1 FROM person_accounts a WHERE a.person_id = p.id)
                        OR EXISTS (SELECT 1 FROM crm_tasks k WHERE k.person_id = p.id)
                        OR EXISTS (SELECT 1 FROM funnel_moves f WHERE f.person_id = p.id)
                        OR EXISTS (SELECT 1 FROM person_contacts c WHERE c.person_id = p.id AND c.source <> :source)
                        OR EXISTS (SELECT 1 FROM person_consents c WHERE c.person_id = p.id AND c.source <> :source)
                        OR EXISTS (SELECT 1 FROM organization_members m WHERE m.person_id = p.id
                                   AND m.since > :finished))""")
                    .bind("id", id).bind("finished", found.finishedAt()).bind("source", source)
                    .mapTo(UUID.class).list();
            UUID[] keptIds = kept.toArray(UUID[]::new);
            int removed = handle.createUpdate("""
                    DELETE FROM persons WHERE id IN (SELECT person_id FROM crm_import_items
                                                     WHERE import_id = :id AND kind = 'PERSON')
                    AND NOT id = ANY(:kept)""").bind("id", id).bindArray("kept", UUID.class, keptIds).execute();
            List<UUID> touched = handle.createQuery("""
                    DELETE FROM person_contacts WHERE source = :source AND NOT person_id = ANY(:kept)
                    RETURNING person_id""").bind("source", source).bindArray("kept", UUID.class, keptIds)
                    .mapTo(UUID.class).list();
            handle.createUpdate("""
                    UPDATE persons p SET
                        email = coalesce((SELECT value FROM person_contacts WHERE person_id = p.id AND kind = 'EMAIL'
                                          ORDER BY id LIMIT 1), ''),
                        phone = coalesce((SELECT value FROM person_contacts WHERE person_id = p.id AND kind = 'PHONE'
                                          ORDER BY id LIMIT 1), '')
                    WHERE id = ANY(:touched)""").bindArray("touched", UUID.class, touched.toArray(UUID[]::new)).execute();
            handle.createUpdate("DELETE FROM person_consents WHERE source = :source AND NOT person_id = ANY(:kept)")
                    .bind("source", source).bindArray("kept", UUID.class, keptIds).execute();
            handle.createUpdate("""
                    UPDATE persons p SET tags = array_remove(p.tags, i.value)
                    FROM crm_import_items i WHERE i.import_id = :id AND i.kind = 'TAG' AND i.person_id = p.id
                    AND NOT p.id = ANY(:kept)""").bind("id", id).bindArray("kept", UUID.class, keptIds).execute();
            handle.createUpdate("""
                    DELETE FROM organization_members m USING crm_import_items i
                    WHERE i.import_id = :id AND i.kind = 'MEMBERSHIP' AND m.organization_id = i.organization_id
                    AND m.person_id = i.person_id AND m.role = i.value AND NOT m.person_id = ANY(:kept)""")
                    .bind("id", id).bindArray("kept", UUID.class, keptIds).execute();
            handle.createUpdate("""
                    DELETE FROM organizations o USING crm_import_items i
                    WHERE i.import_id = :id AND i.kind = 'ORGANIZATION' AND o.id = i.organization_id
                    AND NOT EXISTS (SELECT 1 FROM organization_members m WHERE m.organization_id = o.id)""")
                    .bind("id", id).execute();
            for (UUID person : kept) {
                item(handle, id, "KEPT", person, null, "");
            }
            handle.createUpdate("UPDATE crm_imports SET state = 'UNDONE', undone_at = now() WHERE id = :id")
                    .bind("id", id).execute();
            return new Undone(removed, kept.stream().map(person -> new Kept(person, "")).toList());
        });
    }
}
