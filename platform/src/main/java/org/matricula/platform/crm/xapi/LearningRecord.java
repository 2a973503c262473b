package org.matricula.platform.crm.xapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/**
 * What the statements say of a learner, activity by activity: how far they got, whether they
 * completed or passed it, their best score and the time they invested; voided statements count
 * for nothing. Also records learning entered by hand, as a statement like the LMS's.
 */
public final class LearningRecord {

    static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
    static final String PASSED = "http://adlnet.gov/expapi/verbs/passed";
    static final String FAILED = "http://adlnet.gov/expapi/verbs/failed";
    static final String PROGRESSED = "http://adlnet.gov/expapi/verbs/progressed";
    static final String EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced";
    /** The verbs a manager may record by hand, by their short names. */
    public static final List<String> VERBS = List.of("progressed", "completed", "passed", "failed", "experienced");

    private final Jdbi jdbi;
    private final Statements statements;

    public LearningRecord(Jdbi jdbi, Statements statements) {
        this.jdbi = jdbi;
        this.statements = statements;
    }

    /**
     * One activity of a learner.
     *
     * @param progress   the furthest point reached, 0 to 100, or null if never reported
     * @param completed  completed or passed, by verb or by result
     * @param bestScore  the best scaled score, -1 to 1, or null
     * @param investedMs the time spent, summed over the statements' durations
     */
    public record Activity(String activityId, String name, Integer progress, boolean completed, Boolean passed,
            BigDecimal bestScore, long investedMs, Instant lastAt, int statements) {
    }

    /** The activities of the learners with these emails (one person may have several), latest first. */
    public List<Activity> ofEmails(List<String> emails) {
        List<String> lower = emails.stream().map(email -> email.strip().toLowerCase(Locale.ROOT)).toList();
        return activities("s.actor_email = ANY(:emails)", query -> query.bindArray("emails", String.class, lower));
    }

    /** The activities of a CRM person: the statements whose actor's email is one of the person's. */
    public List<Activity> ofPerson(UUID personId) {
        return activities("""
                s.actor_email IN (SELECT value FROM person_contacts WHERE person_id = :person AND kind = 'EMAIL')""",
                query -> query.bind("person", personId));
    }

    private List<Activity> activities(String learner, java.util.function.Consumer<org.jdbi.v3.core.statement.Query> bind) {
        return jdbi.withHandle(handle -> {
            org.jdbi.v3.core.statement.Query query = handle.createQuery("""
                SELECT object_id, max(object_name) AS name, max(progress) AS progress,
                       bool_or(coalesce(completion, false) OR verb IN (:completed, :passed)) AS completed,
                       CASE WHEN bool_or(verb = :passed OR success) THEN true
                            WHEN bool_or(verb = :failed OR NOT success) THEN false END AS passed,
                       -- summed as numeric and capped to a long: statements stored before durations were
                       -- bounded may hold up to Long.MAX_VALUE each, and two of them overflow a long
                       max(score_scaled) AS best_score,
                       least(coalesce(sum(duration_ms), 0), 9223372036854775807) AS invested,
                       max(occurred_at) AS last_at, count(*) AS statements
                FROM xapi_statements s
                WHERE <learner> AND NOT voided AND voids IS NULL
                GROUP BY object_id ORDER BY last_at DESC""")
                    .define("learner", learner)
                    .bind("completed", COMPLETED).bind("passed", PASSED).bind("failed", FAILED);
            bind.accept(query);
            return query.map((rs, ctx) -> new Activity(rs.getString("object_id"), rs.getString("name"),
                    (Integer) rs.getObject("progress", Integer.class), rs.getBoolean("completed"),
                    (Boolean) rs.getObject("passed"), rs.getBigDecimal("best_score"), rs.getLong("invested"),
                    rs.getTimestamp("last_at").toInstant(), rs.getInt("statements"))).list();
        });
    }

    /** Learning a manager enters by hand, e.g. from a paper course. */
    public record Entry(String email, String activityId, String activityName, String verb, Integer progress,
            BigDecimal score, Integer minutes) {
    }

    /** Stores a hand-entered record as a statement; the fields are checked one by one. */
    public UUID record(Entry entry, String enteredBy, Instant now, Locale locale) {
        List<Problem.FieldProblem> problems = check(entry, locale);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "xapi.problem.title"), problems);
        }
        return store(entry, enteredBy, now, locale);
    }

    /** What is wrong with a hand-entered record, field by field. */
    public List<Problem.FieldProblem> check(Entry entry, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        if (entry.email() == null || !entry.email().strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add(problem("email", "xapi.manual.email", locale));
        }
        if (entry.activityId() == null || !entry.activityId().strip().matches("[a-zA-Z][a-zA-Z0-9+.-]*:\\S+")) {
            problems.add(problem("activityId", "xapi.manual.activity", locale));
        }
        if (entry.verb() == null || !VERBS.contains(entry.verb())) {
            problems.add(problem("verb", "xapi.manual.verb", locale));
        }
        if (entry.progress() != null && (entry.progress() < 0 || entry.progress() > 100)) {
            problems.add(problem("progress", "xapi.problem.progress", locale));
        }
        if (entry.score() != null && entry.score().abs().compareTo(BigDecimal.ONE) > 0) {
            problems.add(problem("score", "xapi.problem.scaled", locale));
        }
        if (entry.minutes() != null && (entry.minutes() < 0 || entry.minutes() > 100_000)) {
            problems.add(problem("minutes", "xapi.manual.minutes", locale));
        }
        return problems;
    }

    private UUID store(Entry entry, String enteredBy, Instant now, Locale locale) {
        UUID id = UUID.randomUUID();
        String email = entry.email().strip().toLowerCase(Locale.ROOT);
        String verb = "http://adlnet.gov/expapi/verbs/" + entry.verb();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", id.toString());
        body.putObject("actor").put("mbox", "mailto:" + email);
        body.putObject("verb").put("id", verb);
        ObjectNode object = body.putObject("object").put("objectType", "Activity").put("id", entry.activityId().strip());
        String name = entry.activityName() == null ? "" : entry.activityName().strip();
        if (!name.isEmpty()) {
            object.putObject("definition").putObject("name").put(locale.getLanguage(), name);
        }
        ObjectNode result = body.putObject("result");
        if (entry.score() != null) {
            result.putObject("score").put("scaled", entry.score());
        }
        if (entry.minutes() != null) {
            result.put("duration", "PT" + entry.minutes() + "M");
        }
        if (entry.progress() != null) {
            result.putObject("extensions").put(StatementReader.PROGRESS, entry.progress());
        }
        body.put("timestamp", now.toString());
        body.putObject("context").putObject("extensions").put("https://matricula.org/xapi/entered-by", enteredBy);
        statements.store(List.of(new Statement(id, "mailto:" + email, email, verb, entry.activityId().strip(), name,
                entry.score(), null, null, entry.minutes() == null ? null : entry.minutes() * 60_000L,
                entry.progress(), null, now, body)), null);
        return id;
    }

    private static Problem.FieldProblem problem(String field, String key, Locale locale) {
        return new Problem.FieldProblem(field, Messages.text(locale, key));
    }
}
