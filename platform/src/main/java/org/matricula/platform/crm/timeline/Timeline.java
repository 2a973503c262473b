package org.matricula.platform.crm.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;

/**
 * Every interaction with a person in time order, newest first. Entries are only appended (the
 * table refuses changes); an entry made from another record carries that record's reference and
 * is made once, however often the record is read.
 */
public final class Timeline {

    /** Entries per page when the reader does not say. */
    public static final int PAGE_SIZE = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public Timeline(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Appends an entry in the caller's transaction; false when its source already made one. */
    public boolean append(Handle handle, Entry entry) {
        return handle.createUpdate("""
                INSERT INTO timeline_entries (person_id, kind, at, summary, details, actor_id, source_ref)
                VALUES (:person, :kind, :at, :summary, CAST(:details AS jsonb), :actor, :ref)
                ON CONFLICT (source_ref) DO NOTHING""")
                .bind("person", entry.personId()).bind("kind", entry.code()).bind("at", entry.at())
                .bind("summary", entry.summary() == null ? "" : entry.summary())
                .bind("details", json(entry.details())).bind("actor", entry.actorId()).bind("ref", entry.sourceRef())
                .execute() == 1;
    }

    /**
     * Appends many entries in the caller's transaction with one statement (a bank statement's
     * payments, what the CRM's feed read); as {@link #append}, an entry whose source already made
     * one is skipped.
     *
     * @return the sources of the entries appended
     */
    public Set<String> appendAll(Handle handle, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Set.of();
        }
        return handle.createQuery("""
                INSERT INTO timeline_entries (person_id, kind, at, summary, details, actor_id, source_ref)
                SELECT person, kind, at, summary, CAST(details AS jsonb), actor, ref
                FROM unnest(CAST(:persons AS uuid[]), CAST(:kinds AS text[]), CAST(:ats AS timestamptz[]),
                            CAST(:summaries AS text[]), CAST(:details AS text[]), CAST(:actors AS uuid[]),
                            CAST(:refs AS text[]))
                    WITH ORDINALITY AS e(person, kind, at, summary, details, actor, ref, n)
                ORDER BY n
                ON CONFLICT (source_ref) DO NOTHING
                RETURNING source_ref""")
                .bindArray("persons", UUID.class, entries.stream().map(Entry::personId).toArray())
                .bindArray("kinds", String.class, entries.stream().map(Entry::code).toArray())
                .bindArray("ats", String.class, entries.stream().map(entry -> entry.at().toString()).toArray())
                .bindArray("summaries", String.class, entries.stream()
                        .map(entry -> entry.summary() == null ? "" : entry.summary()).toArray())
                .bindArray("details", String.class, entries.stream().map(entry -> json(entry.details())).toArray())
                .bindArray("actors", UUID.class, entries.stream().map(Entry::actorId).toArray())
                .bindArray("refs", String.class, entries.stream().map(Entry::sourceRef).toArray())
                .mapTo(String.class).set();
    }

    /** A manager logs a note, call or meeting. */
    public void log(UUID personId, String kindCode, String text, Instant at, UUID actor, Locale locale) {
        Kind kind = Kind.parse(kindCode).filter(Kind::byHand).orElseThrow(() -> InvalidInputException.field("kind",
                Messages.text(locale, "crm.timeline.kindByHand")));
        String summary = text == null ? "" : text.strip();
        if (summary.isEmpty() || summary.length() > 4000) {
            throw InvalidInputException.field("text", Messages.text(locale, "crm.timeline.textRequired"));
        }
        jdbi.useHandle(handle -> append(handle, Entry.of(personId, kind, at, summary, Map.of(), actor, null)));
    }

    /** One page of a person's entries, newest first, of the given kinds (all when empty). */
    public TimelinePage page(UUID personId, Set<Kind> kinds, int page, int size) {
        return pageOf(personId, kinds.stream().map(Kind::name).collect(java.util.stream.Collectors.toSet()), page,
                size);
    }

    /** One page of a person's entries, newest first, of the given kind codes (all when empty), plugins' too. */
    public TimelinePage pageOf(UUID personId, Set<String> kinds, int page, int size) {
        String[] codes = kinds.toArray(String[]::new);
        String kindCondition = codes.length == 0 ? "" : " AND kind = ANY(:kinds)";
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery("SELECT id, person_id, kind, at, summary, details::text AS details,"
                    + " actor_id, source_ref FROM timeline_entries WHERE person_id = :person" + kindCondition
                    + " ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("person", personId).bind("limit", size + 1).bind("offset", (long) page * size);
            if (codes.length > 0) {
                query.bindArray("kinds", String.class, (Object[]) codes);
            }
            List<Entry> rows = query.map((rs, ctx) -> new Entry(rs.getLong("id"), rs.getObject("person_id", UUID.class),
                    Kind.parse(rs.getString("kind")).orElse(null), rs.getTimestamp("at").toInstant(),
                    rs.getString("summary"), map(rs.getString("details")), rs.getObject("actor_id", UUID.class),
                    rs.getString("source_ref"), rs.getString("kind"))).list();
            boolean more = rows.size() > size;
            return new TimelinePage(more ? rows.subList(0, size) : rows, page, size, more);
        });
    }

    /** How many entries a person has. */
    public long count(UUID personId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM timeline_entries WHERE person_id = :person").bind("person", personId)
                .mapTo(Long.class).one());
    }

    /** One page of entries, and whether another follows. */
    public record TimelinePage(List<Entry> entries, int page, int size, boolean more) {
    }

    /** Details as kept in {@code timeline_entries.details}. */
    public static String json(Map<String, Object> details) {
        try {
            return JSON.writeValueAsString(details == null ? Map.of() : details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Timeline details must be plain values", e);
        }
    }

    private static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored timeline details do not parse", e);
        }
    }
}
