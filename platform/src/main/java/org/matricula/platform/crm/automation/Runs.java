package org.matricula.platform.crm.automation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.segments.SegmentSql;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.Outbox;

/**
 * Runs of scenarios: started once per event (the run's {@code trigger_ref}), each handed to the
 * outbox in the transaction that starts it; paused, resumed, cancelled and retried by admins.
 */
public final class Runs {

    /** How many runs one outbox entry advances, in one transaction. */
    static final int CHUNK = 200;

    private final Jdbi jdbi;
    private final Scenarios scenarios;
    private final Segments segments;
    private final Outbox outbox;

    public Runs(Jdbi jdbi, Scenarios scenarios, Segments segments, Outbox outbox) {
        this.jdbi = jdbi;
        this.scenarios = scenarios;
        this.segments = segments;
        this.outbox = outbox;
    }

    public record Run(long id, long scenarioId, String scenario, int version, UUID personId, String person,
            String triggerRef, String state, int nextStep, Instant startedAt, Instant updatedAt, Instant finishedAt) {
    }

    public record StepState(int index, String type, String state, int attempts, String summary, String error,
            Instant dueAt, Instant startedAt, Instant finishedAt, String idempotencyKey) {
    }

    /**
     * Starts a run for a person in the caller's transaction unless the event started one already or
     * the person is outside the scenario's condition.
     */
    public Optional<Long> start(Handle h, long scenarioId, int version, UUID person, String triggerRef, UUID actor) {
        Definition definition = scenarios.definition(scenarioId, version);
        if (h.createQuery("SELECT EXISTS (SELECT 1 FROM scenario_runs WHERE scenario_id = :s AND person_id = :p"
                + " AND trigger_ref = :ref)").bind("s", scenarioId).bind("p", person).bind("ref", triggerRef)
                .mapTo(Boolean.class).one()) {
            return Optional.empty(); // started by this event already
        }
        if (!meetingCondition(h, definition, List.of(person)).contains(person)) {
            return Optional.empty();
        }
        Optional<Long> run = h.createQuery("INSERT INTO scenario_runs (scenario_id, version, person_id, trigger_ref,"
                + " started_by) VALUES (:s, :v, :p, :ref, :actor) ON CONFLICT (scenario_id, person_id, trigger_ref)"
                + " DO NOTHING RETURNING id").bind("s", scenarioId).bind("v", version).bind("p", person)
                .bind("ref", triggerRef).bind("actor", actor).mapTo(Long.class).findOne();
        run.ifPresent(id -> hand(h, List.of(id)));
        return run;
    }

    /** Starts runs for many persons in the caller's transaction, handed to the outbox in chunks; answers how many. */
    public int startMany(Handle h, long scenarioId, int version, List<UUID> persons, String triggerRef, UUID actor) {
        Definition definition = scenarios.definition(scenarioId, version);
        List<UUID> allowed = meetingCondition(h, definition, persons);
        if (allowed.isEmpty()) {
            return 0;
        }
        List<Long> ids = h.createQuery("INSERT INTO scenario_runs (scenario_id, version, person_id, trigger_ref,"
                + " started_by) SELECT :s, :v, p, :ref, :actor FROM unnest(CAST(:persons AS uuid[])) p"
                + " ON CONFLICT (scenario_id, person_id, trigger_ref) DO NOTHING RETURNING id")
                .bind("s", scenarioId).bind("v", version).bind("ref", triggerRef).bind("actor", actor)
                .bindArray("persons", UUID.class, allowed.toArray()).mapTo(Long.class).list();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            hand(h, ids.subList(from, Math.min(ids.size(), from + CHUNK)));
        }
        return ids.size();
    }

    void hand(Handle h, List<Long> runs) {
        outbox.enqueue(h, StepRunner.KIND, null, Map.of("runs", List.copyOf(runs)));
    }

    void handAt(Handle h, long run, Instant due) {
        outbox.enqueueAt(h, StepRunner.KIND, null, Map.of("runs", List.of(run)), due);
    }

    /** Those of the persons who meet a definition's condition now: its segment's members matching its filter. */
    List<UUID> meetingCondition(Handle h, Definition definition, List<UUID> persons) {
        List<UUID> meeting = persons;
        if (definition.condition() != null) {
            meeting = inSegment(h, definition.condition(), meeting);
        }
        if (definition.filter() != null && !meeting.isEmpty()) {
            SegmentSql.Predicate matching;
            try {
                matching = segments.predicate(definition.filter(), Locale.ENGLISH);
            } catch (InvalidInputException outdated) {
                return List.of(); // a stage it names was deleted since: nobody matches
            }
            meeting = matching(h, matching, meeting);
        }
        return meeting;
    }

    /** Those of the persons who are members of a segment now (none if the segment is gone). */
    List<UUID> inSegment(Handle h, long segment, List<UUID> persons) {
        try {
            return matching(h, segments.members(segment, Locale.ENGLISH), persons);
        } catch (NotFoundException gone) {
            return List.of();
        }
    }

    private static List<UUID> matching(Handle h, SegmentSql.Predicate predicate, List<UUID> persons) {
        return predicate.bind(h.createQuery("SELECT p.id FROM persons p WHERE p.id = ANY(CAST(:scnPersons AS uuid[]))"
                + " AND (" + predicate.sql() + ")")).bindArray("scnPersons", UUID.class, persons.toArray())
                .mapTo(UUID.class).list();
    }

    /** The persons in a segment now. */
    List<UUID> members(Handle h, long segment) {
        SegmentSql.Predicate members;
        try {
            members = segments.members(segment, Locale.ENGLISH);
        } catch (NotFoundException gone) {
            return List.of();
        }
        return members.bind(h.createQuery("SELECT p.id FROM persons p WHERE " + members.sql())).mapTo(UUID.class)
                .list();
    }

    /** An admin starts a scenario's current version for one person or every member of a segment; answers how many runs. */
    public int startByHand(long scenarioId, String person, String segment, UUID actor, Locale locale) {
        Scenarios.Scenario scenario = scenarios.require(scenarioId);
        String ref = "manual:" + UUID.randomUUID();
        boolean onePerson = person != null && !person.isBlank();
        boolean aSegment = segment != null && !segment.isBlank();
        if (onePerson == aSegment) {
            throw InvalidInputException.field("person", Messages.text(locale, "automation.error.whom"));
        }
        return jdbi.inTransaction(h -> {
            if (onePerson) {
                UUID id;
                try {
                    id = UUID.fromString(person.strip());
                } catch (IllegalArgumentException e) {
                    throw InvalidInputException.field("person", Messages.text(locale, "automation.error.person"));
                }
                if (h.createQuery("SELECT 1 FROM persons WHERE id = :id").bind("id", id).mapTo(Integer.class)
                        .findOne().isEmpty()) {
                    throw InvalidInputException.field("person", Messages.text(locale, "automation.error.person"));
                }
                return start(h, scenarioId, scenario.version(), id, ref, actor).isPresent() ? 1 : 0;
            }
            long id;
            try {
                id = Long.parseLong(segment.strip());
            } catch (NumberFormatException e) {
                throw InvalidInputException.field("segment", Messages.text(locale, "automation.error.segment"));
            }
            if (segments.find(id).isEmpty()) {
                throw InvalidInputException.field("segment", Messages.text(locale, "automation.error.segment"));
            }
            return startMany(h, scenarioId, scenario.version(), members(h, id), ref, actor);
        });
    }

    public Run require(long runId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE r.id = :id").bind("id", runId)
                .map((rs, ctx) -> run(rs)).findOne())
                .orElseThrow(() -> NotFoundException.localized("automation.runMissing", String.valueOf(runId)));
    }

    public List<Run> ofScenario(long scenarioId, int limit) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE r.scenario_id = :id ORDER BY r.id DESC LIMIT :limit")
                .bind("id", scenarioId).bind("limit", limit).map((rs, ctx) -> run(rs)).list());
    }

    public List<Run> ofPerson(UUID person, int limit) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE r.person_id = :id ORDER BY r.id DESC LIMIT :limit")
                .bind("id", person).bind("limit", limit).map((rs, ctx) -> run(rs)).list());
    }

    /** Counts of a scenario's runs by state. */
    public Map<String, Long> counts(long scenarioId) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT state, count(*) AS n FROM scenario_runs WHERE scenario_id = :id"
                + " GROUP BY state ORDER BY state").bind("id", scenarioId)
                .map((rs, ctx) -> counts.put(rs.getString("state"), rs.getLong("n"))).list());
        return counts;
    }

    public List<StepState> steps(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM scenario_run_steps WHERE run_id = :id"
                + " ORDER BY step_index").bind("id", runId).map((rs, ctx) -> new StepState(rs.getInt("step_index"),
                        rs.getString("step_type"), rs.getString("state"), rs.getInt("attempts"), rs.getString("summary"),
                        rs.getString("error"), instant(rs, "due_at"), instant(rs, "started_at"),
                        instant(rs, "finished_at"), rs.getString("idempotency_key"))).list());
    }

    private static final String SELECT = "SELECT r.*, s.name AS scenario, coalesce(p.full_name, '') AS person"
            + " FROM scenario_runs r JOIN scenarios s ON s.id = r.scenario_id JOIN persons p ON p.id = r.person_id";

    private static Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Run(rs.getLong("id"), rs.getLong("scenario_id"), rs.getString("scenario"), rs.getInt("version"),
                rs.getObject("person_id", UUID.class), rs.getString("person"), rs.getString("trigger_ref"),
                rs.getString("state"), rs.getInt("next_step"), instant(rs, "started_at"), instant(rs, "updated_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.sql.Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    /** A running run stops before its next step. */
    public void pause(long runId) {
        change(runId, "RUNNING", "PAUSED", false);
    }

    /** A paused run goes on from the step it stopped at. */
    public void resume(long runId) {
        change(runId, "PAUSED", "RUNNING", true);
    }

    /** A running or paused run does no more steps. */
    public void cancel(long runId) {
        jdbi.useTransaction(h -> {
            int changed = h.createUpdate("UPDATE scenario_runs SET state = 'CANCELLED', updated_at = now(),"
                    + " finished_at = now() WHERE id = :id AND state IN ('RUNNING', 'PAUSED')").bind("id", runId)
                    .execute();
            if (changed == 0) {
                refuse(h, runId);
            }
        });
    }

    /** A failed run tries its failed step again, from the first attempt. */
    public void retry(long runId) {
        jdbi.useTransaction(h -> {
            int changed = h.createUpdate("UPDATE scenario_runs SET state = 'RUNNING', updated_at = now(),"
                    + " finished_at = NULL WHERE id = :id AND state = 'FAILED'").bind("id", runId).execute();
            if (changed == 0) {
                refuse(h, runId);
            }
            h.createUpdate("UPDATE scenario_run_steps SET state = 'RETRYING', attempts = 0 WHERE run_id = :id"
                    + " AND state = 'FAILED'").bind("id", runId).execute();
            hand(h, List.of(runId));
        });
    }

    private void change(long runId, String from, String to, boolean hand) {
        jdbi.useTransaction(h -> {
            int changed = h.createUpdate("UPDATE scenario_runs SET state = :to, updated_at = now() WHERE id = :id"
                    + " AND state = :from").bind("to", to).bind("from", from).bind("id", runId).execute();
            if (changed == 0) {
                refuse(h, runId);
            }
            if (hand) {
                hand(h, List.of(runId));
            }
        });
    }

    private static void refuse(Handle h, long runId) {
        if (h.createQuery("SELECT 1 FROM scenario_runs WHERE id = :id").bind("id", runId).mapTo(Integer.class)
                .findOne().isEmpty()) {
            throw NotFoundException.localized("automation.runMissing", String.valueOf(runId));
        }
        throw Conflict.localized("automation.runState");
    }

    static List<UUID> copy(List<UUID> persons) {
        return new ArrayList<>(persons);
    }
}
