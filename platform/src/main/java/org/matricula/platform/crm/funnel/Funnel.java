package org.matricula.platform.crm.funnel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
        // Most events find the person there or further already (an applicant applying again): that
        // is read without locking the row, since a lock is a write of the row. A move locks the row
        // and decides again.
        if (advancing(handle, personId, to, false).isEmpty()) {
            return false;
        }
        Optional<String> from = advancing(handle, personId, to, true);
        if (from.isEmpty()) {
            return false;
        }
        move(handle, personId, from.get().isEmpty() ? null : from.get(), to, event, true, null, at);
        return true;
    }

    /**
     * Of these persons, those an event could move to the stage, read without locking: a feed asks
     * {@link #advance} only for them, as most find their persons there or further already.
     */
    public Set<UUID> mayAdvance(Handle handle, Collection<UUID> personIds, String to) {
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
     * The stage the person would leave for the target ("" for none), when the target is active and
     * further down the funnel than where they stand; read with the person's row locked or not.
     */
    private static Optional<String> advancing(Handle handle, UUID personId, String to, boolean lock) {
        Optional<Map<String, Object>> state = handle.createQuery("""
                SELECT p.stage, t.position AS target, s.position AS current
                FROM funnel_stages t JOIN persons p ON p.id = :id
                LEFT JOIN funnel_stages s ON s.code = p.stage
                WHERE t.code = :code AND t.active""" + (lock ? " FOR UPDATE OF p" : ""))
                .bind("code", to).bind("id", personId).mapToMap().findOne();
        if (state.isEmpty()) {
            return Optional.empty();
        }
        String from = (String) state.get().get("stage");
        Integer current = (Integer) state.get().get("current");
        if (from != null && current != null && current >= (Integer) state.get().get("target")) {
            return Optional.empty();
        }
        return Optional.of(from == null ? "" : from);
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
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("from", from);
        details.put("to", to);
        details.put("automatic", automatic);
        timeline.append(handle, Entry.of(personId, Kind.STAGE, at, reason, details, actor, "stage:" + id));
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
