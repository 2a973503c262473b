package org.matricula.platform.crm.automation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.RepeatedWork;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * Fires the scenarios' triggers, on one node at a time (an advisory lock per tick): events read
 * from the CRM timeline past a mark (status changes, payments, stage moves, stuck flags), overdue
 * invoices, entries into segments and schedules. A run's {@code trigger_ref} is unique per
 * scenario and person, so an event reread after a crash or by another node starts nothing twice.
 */
public final class Triggers implements AutoCloseable {

    /** Entries read again behind the mark, as ids may commit out of order. */
    static final long OVERLAP = 200;
    static final int BATCH = 1000;
    /**
     * The timeline's entries a trigger may wait for, past a mark; read through the partial index of
     * these kinds (V102), as most entries are of others (declarations, mails, deals).
     */
    static final String TIMELINE_EVENTS = "SELECT id, person_id, kind, details::text AS details FROM timeline_entries"
            + " WHERE id > :from AND kind IN ('STATUS', 'PAYMENT', 'STAGE', 'STUCK') ORDER BY id LIMIT :batch";
    private static final Set<String> FROM_TIMELINE = Set.of(Definition.Trigger.STATUS_CHANGED,
            Definition.Trigger.PAYMENT_RECEIVED, Definition.Trigger.STAGE_ENTERED, Definition.Trigger.STUCK);

    private final Jdbi jdbi;
    private final Scenarios scenarios;
    private final Runs runs;
    private final Clock clock;
    private final RepeatedWork repeated = new RepeatedWork("scenario-triggers", Triggers.class,
            "Scenario triggers could not be read on this tick");

    public Triggers(Jdbi jdbi, Scenarios scenarios, Runs runs, Clock clock) {
        this.jdbi = jdbi;
        this.scenarios = scenarios;
        this.runs = runs;
        this.clock = clock;
    }

    public void start(Duration tick) {
        repeated.start(tick, this::tick);
    }

    private record Live(long id, int version, String type, long fromEntry, Definition definition) {
    }

    /** Fires what is due; answers how many runs started. */
    public int tick() {
        return jdbi.inTransaction(h -> {
            if (!h.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('scenario-triggers'))").mapTo(Boolean.class)
                    .one()) {
                return 0;
            }
            List<Live> live = h.createQuery("SELECT id, current_version, trigger_type, from_entry FROM scenarios"
                    + " WHERE enabled ORDER BY id").map((rs, ctx) -> new Live(rs.getLong("id"),
                            rs.getInt("current_version"), rs.getString("trigger_type"), rs.getLong("from_entry"), null))
                    .list().stream().map(s -> new Live(s.id(), s.version(), s.type(), s.fromEntry(),
                            scenarios.definition(s.id(), s.version()))).toList();
            int started = timeline(h, live.stream().filter(s -> FROM_TIMELINE.contains(s.type())).toList());
            for (Live scenario : live) {
                started += switch (scenario.type()) {
                    case Definition.Trigger.INVOICE_OVERDUE -> overdue(h, scenario);
                    case Definition.Trigger.SEGMENT_ENTERED -> segment(h, scenario);
                    case Definition.Trigger.SCHEDULE -> schedule(h, scenario);
                    default -> 0;
                };
            }
            return started;
        });
    }

    private int timeline(Handle h, List<Live> scenarios) {
        long mark = h.createQuery("SELECT last_id FROM scenario_marks WHERE source = 'timeline'").mapTo(Long.class)
                .findOne().orElseGet(() -> h.createQuery("SELECT coalesce(max(id), 0) FROM timeline_entries")
                        .mapTo(Long.class).one());
        record Event(long id, UUID person, String kind, JsonNode details) {
        }
        List<Event> events = h.createQuery(TIMELINE_EVENTS).bind("from", Math.max(0, mark - OVERLAP)).bind("batch", BATCH)
                .map((rs, ctx) -> new Event(rs.getLong("id"), rs.getObject("person_id", UUID.class),
                        rs.getString("kind"), details(rs.getString("details")))).list();
        int started = 0;
        long last = mark;
        for (Event event : events) {
            last = Math.max(last, event.id());
            for (Live scenario : scenarios) {
                if (event.id() > scenario.fromEntry() && matches(scenario.definition().trigger(), event.kind(),
                        event.details())) {
                    started += runs.start(h, scenario.id(), scenario.version(), event.person(),
                            "timeline:" + event.id(), null).isPresent() ? 1 : 0;
                }
            }
        }
        // written only when it moves: an idle tick then writes nothing and its commit waits for no disk
        h.createUpdate("INSERT INTO scenario_marks (source, last_id) VALUES ('timeline', :last)"
                + " ON CONFLICT (source) DO UPDATE SET last_id = EXCLUDED.last_id"
                + " WHERE scenario_marks.last_id < EXCLUDED.last_id")
                .bind("last", last).execute();
        return started;
    }

    /** Whether a timeline entry is what a trigger waits for; a kind is compared by name (STUCK may be added later). */
    static boolean matches(Definition.Trigger trigger, String kind, JsonNode details) {
        return switch (trigger.type()) {
            case Definition.Trigger.STATUS_CHANGED -> "STATUS".equals(kind)
                    && (trigger.status() == null || trigger.status().isBlank()
                            || trigger.status().equals(details.path("to").asText()));
            case Definition.Trigger.PAYMENT_RECEIVED -> "PAYMENT".equals(kind)
                    && !"REFUND".equals(details.path("kind").asText());
            case Definition.Trigger.STAGE_ENTERED -> "STAGE".equals(kind)
                    && trigger.stage() != null && trigger.stage().equals(details.path("to").asText());
            case Definition.Trigger.STUCK -> "STUCK".equals(kind);
            default -> false;
        };
    }

    /** Overdue invoices whose run this scenario has not started yet, a batch per tick. */
    private int overdue(Handle h, Live scenario) {
        int started = 0;
        for (var row : h.createQuery("SELECT a.person_id, 'overdue:' || a.id || ':' || a.since AS ref"
                + " FROM billing_arrears a WHERE a.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scenario_runs r"
                + " WHERE r.scenario_id = :s AND r.person_id = a.person_id"
                + " AND r.trigger_ref = 'overdue:' || a.id || ':' || a.since) ORDER BY a.id LIMIT :batch")
                .bind("s", scenario.id()).bind("batch", BATCH).mapToMap().list()) {
            started += runs.start(h, scenario.id(), scenario.version(), (UUID) row.get("person_id"),
                    (String) row.get("ref"), null).isPresent() ? 1 : 0;
        }
        return started;
    }

    /** New members of the segment start a run; those who left are forgotten, so coming back starts another. */
    private int segment(Handle h, Live scenario) {
        Long segment = scenario.definition().trigger().segment();
        if (segment == null) {
            return 0;
        }
        List<UUID> members = runs.members(h, segment);
        h.createUpdate("DELETE FROM scenario_segment_members WHERE scenario_id = :s"
                + " AND NOT (person_id = ANY(CAST(:members AS uuid[])))").bind("s", scenario.id())
                .bindArray("members", UUID.class, members.toArray()).execute();
        Instant now = clock.instant();
        List<UUID> entered = h.createQuery("INSERT INTO scenario_segment_members (scenario_id, person_id, entered_at)"
                + " SELECT :s, p, :now FROM unnest(CAST(:members AS uuid[])) p ON CONFLICT DO NOTHING"
                + " RETURNING person_id").bind("s", scenario.id()).bind("now", now)
                .bindArray("members", UUID.class, members.toArray()).mapTo(UUID.class).list();
        return entered.isEmpty() ? 0 : runs.startMany(h, scenario.id(), scenario.version(), new ArrayList<>(entered),
                "segment:" + now.toEpochMilli(), null);
    }

    private int schedule(Handle h, Live scenario) {
        Definition.Trigger trigger = scenario.definition().trigger();
        if (trigger.segment() == null || trigger.everyDays() == null || trigger.at() == null) {
            return 0;
        }
        Instant due = latestDue(clock.instant(), TimeDisplay.zone(), trigger.everyDays(), LocalTime.parse(trigger.at()));
        boolean claimed = h.createUpdate("UPDATE scenario_schedules SET last_run_at = :due WHERE scenario_id = :s"
                + " AND last_run_at < :due").bind("due", due).bind("s", scenario.id()).execute() == 1;
        if (!claimed) {
            return 0;
        }
        return runs.startMany(h, scenario.id(), scenario.version(), runs.members(h, trigger.segment()),
                "schedule:" + due, null);
    }

    /** The latest time at or before now that is a day counted every {@code everyDays} days, at {@code at}. */
    static Instant latestDue(Instant now, ZoneId zone, int everyDays, LocalTime at) {
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalTime().isBefore(at) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        day = day.minusDays(Math.floorMod(day.toEpochDay(), everyDays));
        return day.atTime(at).atZone(zone).toInstant();
    }

    private static JsonNode details(String json) {
        try {
            return ScenarioFile.JSON.readTree(json == null ? "{}" : json);
        } catch (java.io.IOException e) {
            return ScenarioFile.JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        repeated.close();
    }
}
