package org.matricula.platform.crm.segments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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

/**
 * Saved filters over the CRM's persons. A dynamic segment is evaluated when used; a frozen one
 * keeps the members it had when it was frozen ({@code segment_members}) until frozen again or
 * made dynamic. Owns {@code segments} and {@code segment_members}.
 */
public final class Segments {

    /** How many members a preview shows. */
    public static final int PREVIEW = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final Clock clock;

    public record Segment(long id, String name, SegmentFilter filter, Instant frozenAt, Instant createdAt,
            Instant updatedAt) {

        public boolean frozen() {
            return frozenAt != null;
        }
    }

    /** A person in a preview. */
    public record Member(UUID id, String fullName, String email, String stage) {
    }

    public Segments(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public List<Segment> all() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY lower(name), id").map((rs, ctx) -> segment(rs))
                .list());
    }

    public Optional<Segment> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Segment require(long id, Locale locale) {
        return find(id).orElseThrow(() -> new NotFoundException(Messages.text(locale, "segments.notFound")));
    }

    /** Saves a new segment, frozen at once when asked. */
    public Segment create(String name, SegmentFilter filter, boolean frozen, UUID actor, Locale locale) {
        String checked = checked(name, filter, locale);
        long id = jdbi.inTransaction(h -> {
            long created = h.createUpdate("INSERT INTO segments (name, filter, created_by, created_at, updated_at)"
                    + " VALUES (:name, CAST(:filter AS jsonb), :actor, :now, :now)").bind("name", checked)
                    .bind("filter", json(filter)).bind("actor", actor).bind("now", clock.instant())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            if (frozen) {
                snapshot(h, created, filter, locale);
            }
            return created;
        });
        return find(id).orElseThrow();
    }

    /** Changes a segment's name and filter; a frozen segment keeps its members until frozen again. */
    public Segment update(long id, String name, SegmentFilter filter, Locale locale) {
        require(id, locale);
        String checked = checked(name, filter, locale);
        jdbi.useHandle(h -> h.createUpdate("UPDATE segments SET name = :name, filter = CAST(:filter AS jsonb),"
                + " updated_at = :now WHERE id = :id").bind("name", checked).bind("filter", json(filter))
                .bind("now", clock.instant()).bind("id", id).execute());
        return require(id, locale);
    }

    /** Takes the members the filter has now and keeps them. */
    public Segment freeze(long id, Locale locale) {
        Segment segment = require(id, locale);
        jdbi.useTransaction(h -> snapshot(h, id, segment.filter(), locale));
        return require(id, locale);
    }

    /** Forgets the kept members: the segment is evaluated at each use again. */
    public Segment thaw(long id, Locale locale) {
        require(id, locale);
        jdbi.useTransaction(h -> {
            h.execute("DELETE FROM segment_members WHERE segment_id = ?", id);
            h.execute("UPDATE segments SET frozen_at = NULL, updated_at = now() WHERE id = ?", id);
        });
        return require(id, locale);
    }

    public void delete(long id, Locale locale) {
        require(id, locale);
        boolean used = jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM campaigns WHERE segment_id = :id)")
                .bind("id", id).mapTo(Boolean.class).one());
        if (used) {
            throw new Conflict(Messages.text(locale, "segments.inUse"));
        }
        jdbi.useHandle(h -> h.execute("DELETE FROM segments WHERE id = ?", id));
    }

    /** The predicate over {@code persons p} of an ad-hoc filter; refused per field when bad. */
    public SegmentSql.Predicate predicate(SegmentFilter filter, Locale locale) {
        Set<String> stages = jdbi.withHandle(h -> new HashSet<>(h.createQuery("SELECT code FROM funnel_stages")
                .mapTo(String.class).list()));
        return SegmentSql.compile(filter, stages, locale);
    }

    /** The predicate over {@code persons p} selecting a saved segment's members now. */
    public SegmentSql.Predicate members(long id, Locale locale) {
        Segment segment = require(id, locale);
        if (segment.frozen()) {
            return new SegmentSql.Predicate("p.id IN (SELECT sm.person_id FROM segment_members sm"
                    + " WHERE sm.segment_id = :sgSegment)", java.util.Map.of("sgSegment", id));
        }
        return predicate(segment.filter(), locale);
    }

    public long count(SegmentSql.Predicate predicate) {
        return jdbi.withHandle(h -> predicate.bind(h.createQuery("SELECT count(*) FROM persons p WHERE "
                + predicate.sql())).mapTo(Long.class).one());
    }

    public List<Member> preview(SegmentSql.Predicate predicate, int limit) {
        return jdbi.withHandle(h -> predicate.bind(h.createQuery("SELECT p.id, p.full_name, p.email, p.stage"
                + " FROM persons p WHERE " + predicate.sql() + " ORDER BY p.created_at DESC, p.id DESC LIMIT :sgLimit"))
                .bind("sgLimit", limit)
                .map((rs, ctx) -> new Member(rs.getObject("id", UUID.class), rs.getString("full_name"),
                        rs.getString("email"), rs.getString("stage"))).list());
    }

    private void snapshot(Handle h, long id, SegmentFilter filter, Locale locale) {
        SegmentSql.Predicate predicate = predicate(filter, locale);
        h.execute("DELETE FROM segment_members WHERE segment_id = ?", id);
        predicate.bind(h.createUpdate("INSERT INTO segment_members (segment_id, person_id) SELECT :sgSegment, p.id"
                + " FROM persons p WHERE " + predicate.sql())).bind("sgSegment", id).execute();
        h.createUpdate("UPDATE segments SET frozen_at = :now, updated_at = :now WHERE id = :id")
                .bind("now", clock.instant()).bind("id", id).execute();
    }

    private static final String SELECT = "SELECT id, name, filter::text AS filter, frozen_at, created_at, updated_at"
            + " FROM segments";

    private static Optional<Segment> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> segment(rs)).findOne();
    }

    private static Segment segment(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Timestamp frozen = rs.getTimestamp("frozen_at");
        try {
            return new Segment(rs.getLong("id"), rs.getString("name"),
                    JSON.readValue(rs.getString("filter"), SegmentFilter.class),
                    frozen == null ? null : frozen.toInstant(), rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("updated_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Segment " + rs.getLong("id") + " holds an unreadable filter", e);
        }
    }

    /** The name, stripped; refuses a bad name and a bad filter together, each field with its message. */
    private String checked(String name, SegmentFilter filter, Locale locale) {
        String checked = name == null ? "" : name.strip();
        List<Problem.FieldProblem> problems = new ArrayList<>();
        if (checked.isEmpty() || checked.length() > 200) {
            problems.add(new Problem.FieldProblem("name", Messages.text(locale, "segments.nameRequired")));
        }
        try {
            predicate(filter, locale);
        } catch (InvalidInputException refused) {
            problems.addAll(refused.errors());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "segments.invalid"), problems);
        }
        return checked;
    }

    private static String json(SegmentFilter filter) {
        try {
            return JSON.writeValueAsString(filter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
