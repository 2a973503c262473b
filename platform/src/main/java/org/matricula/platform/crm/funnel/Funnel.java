package org.matricula.platform.crm.funnel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * The funnel: an ordered, configurable list of stages a person moves through. Events move a
 * person forward only (a lead never takes a student back to "interested"); a manager moves them
 * anywhere, giving a reason. Every move is kept with its time, on the timeline too.
 */
public final class Funnel {

    /** The stages events move persons to; an admin may rename or switch them off, not remove them. */
    public static final String INTERESTED = "interested";
    public static final String APPLICANT = "applicant";
    public static final String STUDENT = "student";
    public static final String ALUMNUS = "alumnus";

    private final Jdbi jdbi;
    private final Timeline timeline;
    private final Clock clock;

    public Funnel(Jdbi jdbi, Timeline timeline, Clock clock) {
        this.jdbi = jdbi;
        this.timeline = timeline;
        this.clock = clock;
    }

    public record Stage(String code, int position, String nameRu, String nameEn, boolean active) {

        public String name(Locale locale) {
            return locale.getLanguage().equals("ru") ? nameRu : nameEn;
        }
    }

    public record Move(String from, String to, String reason, boolean automatic, UUID actorId, Instant at) {
    }

    public List<Stage> stages() {
        return jdbi.withHandle(this::stages);
    }

    private List<Stage> stages(Handle handle) {
        return handle.createQuery("SELECT code, position, name_ru, name_en, active FROM funnel_stages ORDER BY position, code")
                .map((rs, ctx) -> new Stage(rs.getString("code"), rs.getInt("position"), rs.getString("name_ru"),
                        rs.getString("name_en"), rs.getBoolean("active"))).list();
    }

    /**
     * An event's move, in the caller's transaction: made only when the stage is active and lies
     * further down the funnel than where the person stands.
     *
     * @return whether the person moved
     */
    public boolean advance(Handle handle, UUID personId, String to, String event, Instant at) {
        return !advanceAll(handle, List.of(new Event(personId, event, at)), to).isEmpty();
    }

    /** An event that may move a person along the funnel: what happened, and when. */
    public record Event(UUID personId, String reason, Instant at) {
    }

    /**
     * Events' moves, in the caller's transaction, as {@link #advance} makes them one by one: a
     * person moves only to an active stage further down than where they stand, and once, however
     * many of the events are theirs. The persons are read without locking first, as most stand
     * there or further already; those who may move are locked in id order and decided on again,
     * and their moves are written with two statements.
     *
     * @return the persons moved
     */
    public Set<UUID> advanceAll(Handle handle, List<Event> events, String to) {
        Set<UUID> behind = mayAdvance(handle, events.stream().map(Event::personId).collect(Collectors.toSet()), to);
        if (behind.isEmpty()) {
            return Set.of();
        }
        Map<String, Stage> stages = stages(handle).stream().collect(Collectors.toMap(Stage::code, stage -> stage));
        Stage target = stages.get(to);
        if (target == null || !target.active()) {
            return Set.of();
        }
        Map<UUID, String> standing = new HashMap<>();
        handle.createQuery("SELECT id, stage FROM persons WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
                .bindArray("ids", UUID.class, behind.toArray()).mapToMap()
                .forEach(person -> standing.put((UUID) person.get("id"), (String) person.get("stage")));
        List<Event> moving = new ArrayList<>();
        List<String> from = new ArrayList<>();
        for (Event event : events) {
            if (!standing.containsKey(event.personId())) {
                continue;
            }
            String stage = standing.get(event.personId());
            Stage current = stage == null ? null : stages.get(stage);
            if (current == null || current.position() < target.position()) {
                moving.add(event);
                from.add(stage);
                standing.put(event.personId(), to);
            }
        }
        if (moving.isEmpty()) {
            return Set.of();
        }
        Map<UUID, Long> moves = handle.createQuery("""
                WITH m AS (
                    SELECT * FROM unnest(CAST(:persons AS uuid[]), CAST(:froms AS text[]), CAST(:reasons AS text[]),
                                         CAST(:ats AS timestamptz[])) WITH ORDINALITY AS m(person, from_stage, reason, at, n)),
                moved AS (
                    UPDATE persons p SET stage = :to, stage_since = m.at, updated_at = now() FROM m WHERE p.id = m.person)
                INSERT INTO funnel_moves (person_id, from_stage, to_stage, reason, automatic, actor_id, at)
                SELECT person, from_stage, :to, reason, true, NULL, at FROM m ORDER BY n
                RETURNING person_id, id""")
                .bindArray("persons", UUID.class, moving.stream().map(Event::personId).toArray())
                .bindArray("froms", String.class, from.toArray())
                .bindArray("reasons", String.class, moving.stream().map(Event::reason).toArray())
                .bindArray("ats", String.class, moving.stream().map(event -> event.at().toString()).toArray())
                .bind("to", to)
                .map((rs, ctx) -> Map.entry(rs.getObject("person_id", UUID.class), rs.getLong("id")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < moving.size(); i++) {
            Event event = moving.get(i);
            entries.add(Entry.of(event.personId(), Kind.STAGE, event.at(), event.reason(),
                    moveDetails(from.get(i), to, true), null, "stage:" + moves.get(event.personId())));
        }
        timeline.appendAll(handle, entries);
        return moves.keySet();
    }

    /** Of these persons, those an event could move to the stage, read without locking. */
    private static Set<UUID> mayAdvance(Handle handle, Collection<UUID> personIds, String to) {
        if (personIds.isEmpty()) {
            return Set.of();
        }
        return handle.createQuery("""
                SELECT p.id FROM funnel_stages t JOIN persons p ON p.id = ANY(:ids)
                LEFT JOIN funnel_stages s ON s.code = p.stage
                WHERE t.code = :code AND t.active AND (s.position IS NULL OR s.position < t.position)""")
                .bindArray("ids", UUID.class, personIds.toArray()).bind("code", to)
                .mapTo(UUID.class).set();
    }

    /**
     * A scenario's move to any active stage, with its reason, in the caller's transaction.
     *
     * @return whether the person moved: false when the stage is unknown or inactive, or the person stands there
     */
    public boolean moveTo(Handle handle, UUID personId, String to, String reason, Instant at) {
        Optional<Map<String, Object>> state = handle.createQuery("""
                SELECT p.stage FROM funnel_stages t JOIN persons p ON p.id = :id
                WHERE t.code = :code AND t.active FOR UPDATE OF p""").bind("code", to).bind("id", personId)
                .mapToMap().findOne();
        if (state.isEmpty() || to.equals(state.get().get("stage"))) {
            return false;
        }
        move(handle, personId, (String) state.get().get("stage"), to, reason, true, null, at);
        return true;
    }

    /** A manager moves a person to any active stage, saying why. */
    public void moveByHand(UUID personId, String to, String reason, UUID actor, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String why = reason == null ? "" : reason.strip();
        jdbi.useTransaction(handle -> {
            boolean known = stages(handle).stream().anyMatch(stage -> stage.active() && stage.code().equals(to));
            if (!known) {
                problems.add(new FieldProblem("stage", Messages.text(locale, "crm.funnel.unknownStage")));
            }
            if (why.isEmpty() || why.length() > 1000) {
                problems.add(new FieldProblem("reason", Messages.text(locale, "crm.funnel.reasonRequired")));
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems.get(0).message(), problems);
            }
            String from = handle.createQuery("SELECT stage FROM persons WHERE id = :id FOR UPDATE").bind("id", personId)
                    .mapTo(String.class).findOne().orElse(null);
            if (handle.createQuery("SELECT 1 FROM persons WHERE id = :id").bind("id", personId).mapTo(Integer.class)
                    .findOne().isEmpty()) {
                throw NotFoundException.localized("refusal.person.missing", String.valueOf(personId));
            }
            move(handle, personId, from, to, why, false, actor, clock.instant());
        });
    }

    private void move(Handle handle, UUID personId, String from, String to, String reason, boolean automatic,
            UUID actor, Instant at) {
        handle.createUpdate("UPDATE persons SET stage = :to, stage_since = :at, updated_at = now() WHERE id = :id")
                .bind("to", to).bind("at", at).bind("id", personId).execute();
        long id = handle.createQuery("""
                INSERT INTO funnel_moves (person_id, from_stage, to_stage, reason, automatic, actor_id, at)
                VALUES (:person, :from, :to, :reason, :automatic, :actor, :at) RETURNING id""")
                .bind("person", personId).bind("from", from).bind("to", to).bind("reason", reason)
                .bind("automatic", automatic).bind("actor", actor).bind("at", at).mapTo(Long.class).one();
        timeline.append(handle, Entry.of(personId, Kind.STAGE, at, reason, moveDetails(from, to, automatic), actor,
                "stage:" + id));
    }

    private static Map<String, Object> moveDetails(String from, String to, boolean automatic) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from);
        details.put("to", to);
        details.put("automatic", automatic);
        return details;
    }

    public List<Move> moves(UUID personId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT from_stage, to_stage, reason, automatic, actor_id, at FROM funnel_moves
                WHERE person_id = :id ORDER BY at, id""").bind("id", personId)
                .map((rs, ctx) -> new Move(rs.getString("from_stage"), rs.getString("to_stage"), rs.getString("reason"),
                        rs.getBoolean("automatic"), rs.getObject("actor_id", UUID.class),
                        rs.getTimestamp("at").toInstant())).list());
    }

    /**
     * Per stage: how many persons ever reached it, how many stand in it now, and the average days
     * spent in it by those who left it.
     */
    public List<Map<String, Object>> figures() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                WITH spans AS (
                    SELECT to_stage, at, lead(at) OVER (PARTITION BY person_id ORDER BY at, id) AS left_at
                    FROM funnel_moves)
                SELECT s.code, s.position,
                       (SELECT count(DISTINCT person_id) FROM funnel_moves m WHERE m.to_stage = s.code) AS reached,
                       (SELECT count(*) FROM persons p WHERE p.stage = s.code) AS now,
                       (SELECT round(avg(extract(epoch FROM left_at - at)) / 86400, 1) FROM spans
                        WHERE spans.to_stage = s.code AND left_at IS NOT NULL) AS average_days
                FROM funnel_stages s ORDER BY s.position""")
                .map((rs, ctx) -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("stage", rs.getString("code"));
                    row.put("reached", rs.getLong("reached"));
                    row.put("now", rs.getLong("now"));
                    row.put("averageDays", rs.getBigDecimal("average_days"));
                    return row;
                }).list());
    }

    /**
     * Replaces the list of stages: their order, names and whether each is in use. A stage persons
     * stand in, or that events move to, is switched off rather than removed.
     */
    public void saveStages(List<Stage> stages, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            if (stage == null) {
                problems.add(new FieldProblem("stages[" + i + "]", Messages.text(locale, "crm.funnel.names")));
                continue;
            }
            if (stage.code() == null || !stage.code().matches("[a-z][a-z0-9_-]{0,39}")) {
                problems.add(new FieldProblem("stages[" + i + "].code", Messages.text(locale, "crm.funnel.code")));
            }
            if (stage.nameRu() == null || stage.nameRu().isBlank() || stage.nameEn() == null || stage.nameEn().isBlank()) {
                problems.add(new FieldProblem("stages[" + i + "].name", Messages.text(locale, "crm.funnel.names")));
            }
        }
        if (problems.isEmpty() && stages.stream().map(Stage::code).distinct().count() != stages.size()) {
            problems.add(new FieldProblem("stages", Messages.text(locale, "crm.funnel.codesTwice")));
        }
        if (problems.isEmpty() && !stages.stream().filter(Stage::active).map(Stage::code).toList()
                .containsAll(StageSettings.FIXED)) {
            problems.add(new FieldProblem("stages", Messages.text(locale, "crm.stages.fixedKept")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        jdbi.useTransaction(handle -> {
            for (Stage stage : stages) {
                handle.createUpdate("""
                        INSERT INTO funnel_stages (code, position, name_ru, name_en, active)
                        VALUES (:code, :position, :ru, :en, :active)
                        ON CONFLICT (code) DO UPDATE SET position = :position, name_ru = :ru, name_en = :en,
                                                         active = :active""")
                        .bind("code", stage.code()).bind("position", stage.position()).bind("ru", stage.nameRu().strip())
                        .bind("en", stage.nameEn().strip()).bind("active", stage.active()).execute();
            }
            List<String> kept = stages.stream().map(Stage::code).toList();
            handle.createUpdate("""
                    UPDATE funnel_stages SET active = false WHERE code <> ALL(:kept)""")
                    .bindArray("kept", String.class, kept.toArray()).execute();
        });
    }
}
