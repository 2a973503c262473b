package org.matricula.platform.crm.stuck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * Stuck students: rules set per program, evaluated periodically ({@link #evaluate}) by one node at
 * a time (advisory lock). A rule that holds for a person raises a flag (one open flag per person,
 * program and rule) and a {@link Kind#STUCK} timeline entry; when it no longer holds the flag
 * clears by itself, with an {@link Kind#UNSTUCK} entry.
 *
 * <p>The rules: {@code NO_PROGRESS} — enrolled in the program (a declaration for it in status
 * ENROLLED) and no xAPI statement from any of the person's addresses for N days (counted from the
 * enrolment when there is none); {@code BEHIND_PACE} — enrolled, and the highest xAPI progress is
 * more than the tolerance below the expected one, the elapsed share of the course period the rule
 * gives (programs carry no dates); {@code OVERDUE} — an invoice for the program with an instalment
 * unpaid N days past its due date ({@code billing_arrears}).
 */
public final class StuckStudents {

    public static final List<String> KINDS = List.of("NO_PROGRESS", "BEHIND_PACE", "OVERDUE");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Persons enrolled in :program, with the time they were enrolled. */
    private static final String ENROLLED = """
            SELECT pd.person_id,
                   max(coalesce((SELECT max(h.created_at) FROM declaration_history h
                                 WHERE h.declaration_id = d.id AND h.to_status = 'ENROLLED'), d.updated_at)) AS since
            FROM person_declarations pd JOIN declarations d ON d.id = pd.declaration_id
            WHERE d.program_id = :program AND d.status = 'ENROLLED' AND d.anonymized_at IS NULL
            GROUP BY pd.person_id""";
    private static final String EMAILS = "SELECT pc.value FROM person_contacts pc WHERE pc.person_id = e.person_id"
            + " AND pc.kind = 'EMAIL'";

    private final Jdbi jdbi;
    private final Timeline timeline;
    private final Clock clock;

    public record Rule(long id, long programId, String programName, String kind, Integer days, LocalDate startsOn,
            LocalDate endsOn, int tolerance, boolean active) {
    }

    /** What a form or a JSON body gives for a rule. */
    public record Draft(String program, String kind, String days, String startsOn, String endsOn, String tolerance) {
    }

    public record Flag(long id, UUID personId, String fullName, long programId, String programName, String reason,
            Map<String, Object> details, Instant since, UUID curatorId, String curatorEmail) {
    }

    public StuckStudents(Jdbi jdbi, Timeline timeline, Clock clock) {
        this.jdbi = jdbi;
        this.timeline = timeline;
        this.clock = clock;
    }

    // ---- rules

    public List<Rule> rules() {
        return jdbi.withHandle(h -> h.createQuery("SELECT r.*, pg.name AS program_name FROM stuck_rules r"
                + " JOIN programs pg ON pg.id = r.program_id ORDER BY pg.name, r.id").map((rs, ctx) -> rule(rs)).list());
    }

    public Rule requireRule(long id, Locale locale) {
        return jdbi.withHandle(h -> h.createQuery("SELECT r.*, pg.name AS program_name FROM stuck_rules r"
                + " JOIN programs pg ON pg.id = r.program_id WHERE r.id = :id").bind("id", id)
                .map((rs, ctx) -> rule(rs)).findOne())
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "stuck.ruleNotFound")));
    }

    public Rule create(Draft draft, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        long program = 0;
        try {
            program = Long.parseLong(draft.program() == null ? "" : draft.program().strip());
            long given = program;
            if (!jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM programs WHERE id = :id)")
                    .bind("id", given).mapTo(Boolean.class).one())) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            problems.add(new Problem.FieldProblem("program", Messages.text(locale, "stuck.programRequired")));
        }
        String kind = draft.kind() == null ? "" : draft.kind().strip();
        if (!KINDS.contains(kind)) {
            problems.add(new Problem.FieldProblem("kind", Messages.text(locale, "stuck.kindRequired")));
        }
        Integer days = null;
        LocalDate starts = null;
        LocalDate ends = null;
        int tolerance = 10;
        if (kind.equals("NO_PROGRESS") || kind.equals("OVERDUE")) {
            days = number(draft.days(), 1, 3650);
            if (days == null) {
                problems.add(new Problem.FieldProblem("days", Messages.text(locale, "stuck.badDays")));
            }
        } else if (kind.equals("BEHIND_PACE")) {
            starts = date(draft.startsOn(), "startsOn", "stuck.badDate", problems, locale);
            ends = date(draft.endsOn(), "endsOn", "stuck.badEnd", problems, locale);
            if (ends != null && starts != null && !ends.isAfter(starts)) {
                problems.add(new Problem.FieldProblem("endsOn", Messages.text(locale, "stuck.badEnd")));
            }
            Integer given = draft.tolerance() == null || draft.tolerance().isBlank() ? Integer.valueOf(10)
                    : number(draft.tolerance(), 0, 100);
            if (given == null) {
                problems.add(new Problem.FieldProblem("tolerance", Messages.text(locale, "stuck.badTolerance")));
            } else {
                tolerance = given;
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "stuck.invalid"), problems);
        }
        long programId = program;
        Integer ruleDays = days;
        LocalDate ruleStarts = starts;
        LocalDate ruleEnds = ends;
        int ruleTolerance = tolerance;
        long id = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO stuck_rules (program_id, kind, days, starts_on, ends_on, tolerance)
                VALUES (:program, :kind, :days, :starts, :ends, :tolerance) RETURNING id""")
                .bind("program", programId).bind("kind", kind).bind("days", ruleDays).bind("starts", ruleStarts)
                .bind("ends", ruleEnds).bind("tolerance", ruleTolerance).mapTo(Long.class).one());
        return requireRule(id, locale);
    }

    /** Deletes a rule; its open flags clear at once (with their timeline entries). */
    public void delete(long id, Locale locale) {
        requireRule(id, locale);
        jdbi.useTransaction(h -> {
            for (Map<String, Object> open : h.createQuery("SELECT id, person_id, reason FROM stuck_flags"
                    + " WHERE rule_id = :id AND cleared_at IS NULL").bind("id", id).mapToMap().list()) {
                clear(h, ((Number) open.get("id")).longValue(), (UUID) open.get("person_id"), (String) open.get("reason"),
                        "rule deleted");
            }
            h.createUpdate("DELETE FROM stuck_rules WHERE id = :id").bind("id", id).execute();
        });
    }

    // ---- evaluation

    /** What one evaluation did; {@code ran} is false when another node (or thread) was evaluating. */
    public record Evaluation(boolean ran, int raised, int cleared) {
    }

    /** Raises and clears flags by every rule; one node at a time. */
    public Evaluation evaluate() {
        return jdbi.inTransaction(h -> {
            if (!h.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('matricula.crm.stuck'))")
                    .mapTo(Boolean.class).one()) {
                return new Evaluation(false, 0, 0);
            }
            int raised = 0;
            int cleared = 0;
            Instant now = clock.instant();
            for (Rule rule : h.createQuery("SELECT r.*, pg.name AS program_name FROM stuck_rules r"
                    + " JOIN programs pg ON pg.id = r.program_id WHERE r.active ORDER BY r.id")
                    .map((rs, ctx) -> rule(rs)).list()) {
                Map<UUID, Map<String, Object>> holding = holding(h, rule, now);
                Map<UUID, Long> open = new HashMap<>();
                h.createQuery("SELECT id, person_id FROM stuck_flags WHERE rule_id = :rule AND cleared_at IS NULL")
                        .bind("rule", rule.id()).mapToMap().list()
                        .forEach(row -> open.put((UUID) row.get("person_id"), ((Number) row.get("id")).longValue()));
                for (Map.Entry<UUID, Map<String, Object>> stuck : holding.entrySet()) {
                    if (!open.containsKey(stuck.getKey())) {
                        raise(h, rule, stuck.getKey(), stuck.getValue(), now);
                        raised++;
                    }
                }
                for (Map.Entry<UUID, Long> flag : open.entrySet()) {
                    if (!holding.containsKey(flag.getKey())) {
                        clear(h, flag.getValue(), flag.getKey(), rule.kind(), "cause gone");
                        cleared++;
                    }
                }
            }
            return new Evaluation(true, raised, cleared);
        });
    }

    /** The persons the rule holds for now, with the figures that make it hold. */
    private Map<UUID, Map<String, Object>> holding(Handle h, Rule rule, Instant now) {
        Map<UUID, Map<String, Object>> found = new LinkedHashMap<>();
        LocalDate today = now.atZone(TimeDisplay.zone()).toLocalDate();
        switch (rule.kind()) {
            case "NO_PROGRESS" -> h.createQuery("SELECT e.person_id, greatest(e.since, (SELECT max(xs.occurred_at)"
                    + " FROM xapi_statements xs WHERE NOT xs.voided AND xs.actor_email IN (" + EMAILS + "))) AS last"
                    + " FROM (" + ENROLLED + ") e")
                    .bind("program", rule.programId()).map((rs, ctx) -> Map.entry(rs.getObject("person_id", UUID.class),
                            rs.getTimestamp("last").toInstant())).list().stream()
                    .filter(row -> row.getValue().isBefore(now.minus(java.time.Duration.ofDays(rule.days()))))
                    .forEach(row -> found.put(row.getKey(), Map.of("days", rule.days(), "lastActivity",
                            row.getValue().toString())));
            case "BEHIND_PACE" -> {
                if (!today.isAfter(rule.startsOn())) {
                    return found;
                }
                long total = rule.endsOn().toEpochDay() - rule.startsOn().toEpochDay();
                long elapsed = Math.min(total, today.toEpochDay() - rule.startsOn().toEpochDay());
                int expected = (int) (elapsed * 100 / total);
                h.createQuery("SELECT e.person_id, (SELECT coalesce(max(xs.progress), 0) FROM xapi_statements xs"
                        + " WHERE NOT xs.voided AND xs.actor_email IN (" + EMAILS + ")) AS progress FROM (" + ENROLLED
                        + ") e").bind("program", rule.programId())
                        .map((rs, ctx) -> Map.entry(rs.getObject("person_id", UUID.class), rs.getInt("progress")))
                        .list().stream().filter(row -> row.getValue() + rule.tolerance() < expected)
                        .forEach(row -> found.put(row.getKey(), Map.of("expected", expected, "progress",
                                row.getValue())));
            }
            case "OVERDUE" -> h.createQuery("""
                    SELECT DISTINCT ON (ar.person_id) ar.person_id, ar.number, (:today - ar.since) AS days, ar.overdue
                    FROM billing_arrears ar WHERE ar.program_id = :program AND ar.person_id IS NOT NULL
                      AND ar.since <= :today - :days
                    ORDER BY ar.person_id, ar.since""")
                    .bind("program", rule.programId()).bind("today", today).bind("days", rule.days())
                    .map((rs, ctx) -> Map.entry(rs.getObject("person_id", UUID.class), Map.<String, Object>of(
                            "invoice", rs.getString("number"), "days", rs.getInt("days"), "overdue",
                            rs.getBigDecimal("overdue").toPlainString()))).list()
                    .forEach(row -> found.put(row.getKey(), row.getValue()));
            default -> {
                // a kind the database refuses
            }
        }
        return found;
    }

    private void raise(Handle h, Rule rule, UUID person, Map<String, Object> details, Instant now) {
        long id = h.createQuery("INSERT INTO stuck_flags (person_id, program_id, rule_id, reason, details, since)"
                + " VALUES (:person, :program, :rule, :reason, CAST(:details AS jsonb), :now) RETURNING id")
                .bind("person", person).bind("program", rule.programId()).bind("rule", rule.id())
                .bind("reason", rule.kind()).bind("details", json(details)).bind("now", now).mapTo(Long.class).one();
        Map<String, Object> entry = new LinkedHashMap<>(details);
        entry.put("flag", id);
        entry.put("reason", rule.kind());
        entry.put("program", rule.programName());
        entry.put("programId", rule.programId());
        entry.put("rule", rule.id());
        timeline.append(h, Entry.of(person, Kind.STUCK, now, Messages.text(Messages.RUSSIAN, "stuck.reason."
                + rule.kind()) + " · " + rule.programName(), entry, null, "stuck:" + id));
    }

    private void clear(Handle h, long flag, UUID person, String reason, String why) {
        Instant now = clock.instant();
        h.createUpdate("UPDATE stuck_flags SET cleared_at = :now WHERE id = :id").bind("now", now).bind("id", flag)
                .execute();
        timeline.append(h, Entry.of(person, Kind.UNSTUCK, now, Messages.text(Messages.RUSSIAN, "stuck.reason." + reason),
                Map.of("flag", flag, "reason", reason, "why", why), null, "unstuck:" + flag));
    }

    // ---- reading

    /** The flags with their person, program and curator (the program's, else the person's manager), to filter. */
    private static final String FLAGS = """
            SELECT f.id, f.person_id, p.full_name, f.program_id, pg.name AS program_name, f.reason,
                   f.details::text AS details, f.since, a.id AS curator_id, a.email AS curator_email
            FROM stuck_flags f JOIN persons p ON p.id = f.person_id JOIN programs pg ON pg.id = f.program_id
            LEFT JOIN accounts a ON a.id = coalesce(pg.curator_id, p.manager_id)
            """;

    /**
     * The open flags, of one program and of one curator when given. A flag's curator is its
     * program's, or for a program without one the person's responsible manager.
     */
    public List<Flag> open(Long program, UUID curator) {
        return jdbi.withHandle(h -> h.createQuery(FLAGS + """
                WHERE f.cleared_at IS NULL AND (CAST(:program AS bigint) IS NULL OR f.program_id = :program)
                  AND (CAST(:curator AS uuid) IS NULL OR coalesce(pg.curator_id, p.manager_id) = :curator)
                ORDER BY pg.name, f.since, p.full_name LIMIT 1000""")
                .bind("program", program).bind("curator", curator).map((rs, ctx) -> flag(rs)).list());
    }

    /** A person's open flags, for the card. */
    public List<Flag> ofPerson(UUID person) {
        return jdbi.withHandle(h -> h.createQuery(FLAGS + """
                WHERE f.cleared_at IS NULL AND f.person_id = :person ORDER BY f.since""")
                .bind("person", person).map((rs, ctx) -> flag(rs)).list());
    }

    /** The curators who have stuck persons, for the list's filter: id and email. */
    public List<Map<String, Object>> curators() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT a.id, a.email FROM stuck_flags f"
                + " JOIN persons p ON p.id = f.person_id JOIN programs pg ON pg.id = f.program_id"
                + " JOIN accounts a ON a.id = coalesce(pg.curator_id, p.manager_id)"
                + " WHERE f.cleared_at IS NULL ORDER BY a.email").mapToMap().list());
    }

    public List<Map<String, Object>> programs() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name FROM programs ORDER BY name").mapToMap().list());
    }

    /** How a flag reads for people: the rule and its figures. */
    public static String reason(Flag flag, Locale locale) {
        Map<String, Object> d = flag.details();
        return switch (flag.reason()) {
            case "NO_PROGRESS" -> Messages.text(locale, "stuck.explain.NO_PROGRESS", d.get("days"));
            case "BEHIND_PACE" -> Messages.text(locale, "stuck.explain.BEHIND_PACE", d.get("progress"),
                    d.get("expected"));
            case "OVERDUE" -> Messages.text(locale, "stuck.explain.OVERDUE", d.get("invoice"), d.get("days"));
            default -> flag.reason();
        };
    }

    private static Flag flag(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Flag(rs.getLong("id"), rs.getObject("person_id", UUID.class), rs.getString("full_name"),
                rs.getLong("program_id"), rs.getString("program_name"), rs.getString("reason"),
                map(rs.getString("details")), rs.getTimestamp("since").toInstant(),
                rs.getObject("curator_id", UUID.class), rs.getString("curator_email"));
    }

    private static Rule rule(java.sql.ResultSet rs) throws java.sql.SQLException {
        int days = rs.getInt("days");
        Integer ruleDays = rs.wasNull() ? null : days;
        java.sql.Date starts = rs.getDate("starts_on");
        java.sql.Date ends = rs.getDate("ends_on");
        return new Rule(rs.getLong("id"), rs.getLong("program_id"), rs.getString("program_name"), rs.getString("kind"),
                ruleDays, starts == null ? null : starts.toLocalDate(), ends == null ? null : ends.toLocalDate(),
                rs.getInt("tolerance"), rs.getBoolean("active"));
    }

    private static Integer number(String raw, int min, int max) {
        try {
            int value = Integer.parseInt(raw == null ? "" : raw.strip());
            return value < min || value > max ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A required date; null, and a problem under the key (or the range's), when it is missing or bad. */
    private static LocalDate date(String raw, String field, String key, List<Problem.FieldProblem> problems,
            Locale locale) {
        try {
            return InputDates.date(raw == null ? "" : raw.strip());
        } catch (DateTimeParseException e) {
            problems.add(new Problem.FieldProblem(field, InputDates.message(locale, e, key)));
            return null;
        }
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    Optional<Rule> findRule(long id) {
        return rules().stream().filter(rule -> rule.id() == id).findFirst();
    }
}
