package org.matricula.platform.crm.learning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.matricula.platform.crm.persons.Contacts;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * Takes in xAPI 1.0.3 statements from an LMS: one or a batch, each stored once by its id (a
 * statement sent again changes nothing), its actor matched to a person by {@code mbox} or by LMS
 * account (a person is made when none matches), voiding statements honoured. Completions, passes
 * and failures also go on the person's timeline.
 */
public final class Statements {

    static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";
    static final String PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress";
    private static final Set<String> ON_TIMELINE = Set.of("completed", "passed", "failed");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final Persons persons;
    private final Timeline timeline;
    private final Clock clock;

    public Statements(Jdbi jdbi, Persons persons, Timeline timeline, Clock clock) {
        this.jdbi = jdbi;
        this.persons = persons;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** One statement, checked. */
    record Parsed(UUID id, String mbox, String account, String actorName, String verb, String objectId,
            String objectName, BigDecimal score, Boolean success, Boolean completion, BigDecimal durationSeconds,
            BigDecimal progress, Instant at, UUID voids, JsonNode statement) {

        String verbName() {
            return verb.substring(verb.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Stores the statements, all or none; answers their ids in order.
     *
     * @param body a statement object or an array of them
     * @param statementId the id the {@code PUT} form names, or null
     */
    public List<UUID> store(long clientId, JsonNode body, UUID statementId, Locale locale) {
        List<JsonNode> given = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(given::add);
        } else if (body != null && body.isObject()) {
            given.add(body);
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (given.isEmpty()) {
            problems.add(new FieldProblem("statements", Messages.text(locale, "crm.xapi.none")));
        }
        List<Parsed> parsed = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String at = given.size() == 1 && !body.isArray() ? "" : "[" + i + "].";
            if (!given.get(i).isObject()) {
                problems.add(new FieldProblem(at.isEmpty() ? "statement" : at.substring(0, at.length() - 1),
                        Messages.text(locale, "crm.xapi.none")));
                continue;
            }
            parse(given.get(i), at, i == 0 ? statementId : null, locale, problems).ifPresent(parsed::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        Instant now = clock.instant();
        return jdbi.inTransaction(handle -> {
            Map<String, UUID> actors = new HashMap<>();
            PreparedBatch batch = handle.prepareBatch("""
                    INSERT INTO xapi_statements (id, client_id, person_id, verb, object_id, object_name, score, success,
                                                 completion, duration_seconds, progress, at, statement)
                    VALUES (:id, :client, :person, :verb, :object, :name, :score, :success, :completion, :duration,
                            :progress, :at, CAST(:statement AS jsonb))
                    ON CONFLICT (id) DO NOTHING""");
            List<UUID> voided = new ArrayList<>();
            for (Parsed statement : parsed) {
                String actorKey = statement.mbox() + "|" + statement.account();
                UUID person = actors.computeIfAbsent(actorKey, key -> person(handle, statement));
                batch.bind("id", statement.id()).bind("client", clientId).bind("person", person)
                        .bind("verb", statement.verb()).bind("object", statement.objectId())
                        .bind("name", statement.objectName()).bind("score", statement.score())
                        .bind("success", statement.success()).bind("completion", statement.completion())
                        .bind("duration", statement.durationSeconds()).bind("progress", statement.progress())
                        .bind("at", statement.at() == null ? now : statement.at())
                        .bind("statement", statement.statement().toString()).add();
                if (statement.voids() != null) {
                    voided.add(statement.voids());
                }
            }
            int[] inserted = batch.execute();
            for (int i = 0; i < parsed.size(); i++) {
                Parsed statement = parsed.get(i);
                if (inserted[i] == 1 && ON_TIMELINE.contains(statement.verbName())) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("statement", statement.id().toString());
                    details.put("verb", statement.verbName());
                    details.put("object", statement.objectId());
                    if (statement.score() != null) {
                        details.put("score", statement.score());
                    }
                    timeline.append(handle, Entry.of(actors.get(statement.mbox() + "|" + statement.account()),
                            Kind.LMS, statement.at() == null ? now : statement.at(),
                            statement.verbName() + ": " + (statement.objectName().isEmpty() ? statement.objectId()
                                    : statement.objectName()), details, null, "xapi:" + statement.id()));
                }
            }
            if (!voided.isEmpty()) {
                handle.createUpdate("UPDATE xapi_statements SET voided = true WHERE id = ANY(:ids) AND verb <> :voided")
                        .bindArray("ids", UUID.class, voided.toArray()).bind("voided", VOIDED).execute();
            }
            return parsed.stream().map(Parsed::id).toList();
        });
    }

    private UUID person(Handle handle, Parsed statement) {
        List<String> emails = statement.mbox() == null ? List.of() : Contacts.email(statement.mbox()).stream().toList();
        Optional<UUID> byAccount = statement.account() == null ? Optional.empty() : handle.createQuery(
                "SELECT person_id FROM person_contacts WHERE kind = 'LMS' AND value = :value")
                .bind("value", statement.account()).mapTo(UUID.class).findOne();
        String name = statement.actorName() == null ? "" : statement.actorName().strip();
        UUID person = persons.resolve(handle, new Persons.Record("", name, "", null, emails, List.of(), "lms"),
                byAccount).id();
        if (statement.account() != null && byAccount.isEmpty()) {
            handle.createUpdate("""
                    INSERT INTO person_contacts (person_id, kind, value, source) VALUES (:person, 'LMS', :value, 'lms')
                    ON CONFLICT (kind, value) DO NOTHING""").bind("person", person).bind("value", statement.account())
                    .execute();
        }
        return person;
    }

    private static Optional<Parsed> parse(JsonNode statement, String at, UUID statementId, Locale locale,
            List<FieldProblem> problems) {
        int before = problems.size();
        UUID id = statementId;
        if (statement.hasNonNull("id")) {
            try {
                id = UUID.fromString(statement.path("id").asText());
                if (statementId != null && !statementId.equals(id)) {
                    problems.add(problem(at + "id", locale, "crm.xapi.idDiffers"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(problem(at + "id", locale, "crm.xapi.id"));
            }
        }
        if (id == null) {
            id = UUID.randomUUID();
        }
        JsonNode actor = statement.path("actor");
        String mbox = actor.path("mbox").asText(null);
        if (mbox != null) {
            mbox = mbox.startsWith("mailto:") ? mbox.substring(7) : null;
            if (mbox == null || Contacts.email(mbox).isEmpty()) {
                problems.add(problem(at + "actor.mbox", locale, "crm.xapi.mbox"));
            }
        }
        String account = null;
        if (actor.has("account")) {
            String home = actor.path("account").path("homePage").asText("");
            String name = actor.path("account").path("name").asText("");
            if (home.isBlank() || name.isBlank()) {
                problems.add(problem(at + "actor.account", locale, "crm.xapi.account"));
            } else {
                account = home.strip() + "|" + name.strip();
            }
        }
        if (mbox == null && account == null && !actor.has("mbox") && !actor.has("account")) {
            problems.add(problem(at + "actor", locale, "crm.xapi.actor"));
        }
        String verb = statement.path("verb").path("id").asText("");
        if (!verb.contains(":")) {
            problems.add(problem(at + "verb.id", locale, "crm.xapi.verb"));
        }
        JsonNode object = statement.path("object");
        String objectId = object.path("id").asText("");
        UUID voids = null;
        if (VOIDED.equals(verb)) {
            try {
                voids = UUID.fromString(objectId);
            } catch (IllegalArgumentException e) {
                problems.add(problem(at + "object.id", locale, "crm.xapi.voidTarget"));
            }
        } else if (objectId.isBlank()) {
            problems.add(problem(at + "object.id", locale, "crm.xapi.object"));
        }
        JsonNode names = object.path("definition").path("name");
        String objectName = names.path(locale.getLanguage()).asText(names.path("ru-RU").asText(
                names.path("en-US").asText(names.elements().hasNext() ? names.elements().next().asText("") : "")));
        JsonNode result = statement.path("result");
        BigDecimal score = result.path("score").has("scaled") ? result.path("score").path("scaled").decimalValue()
                : result.path("score").has("raw") ? result.path("score").path("raw").decimalValue() : null;
        BigDecimal duration = null;
        if (result.hasNonNull("duration")) {
            try {
                duration = BigDecimal.valueOf(Duration.parse(result.path("duration").asText()).toMillis())
                        .movePointLeft(3);
            } catch (DateTimeParseException e) {
                problems.add(problem(at + "result.duration", locale, "crm.xapi.duration"));
            }
        }
        JsonNode progressNode = result.path("extensions").path(PROGRESS);
        BigDecimal progress = progressNode.isNumber() ? progressNode.decimalValue() : null;
        Instant when = null;
        if (statement.hasNonNull("timestamp")) {
            try {
                when = OffsetDateTime.parse(statement.path("timestamp").asText()).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(problem(at + "timestamp", locale, "crm.xapi.timestamp"));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.node.ObjectNode kept = statement.deepCopy();
        kept.put("id", id.toString());
        return Optional.of(new Parsed(id, mbox, account, actor.path("name").asText(null), verb,
                voids != null ? voids.toString() : objectId, objectName, score,
                result.has("success") ? result.path("success").asBoolean() : null,
                result.has("completion") ? result.path("completion").asBoolean() : null, duration, progress, when,
                voids, kept));
    }

    private static FieldProblem problem(String field, Locale locale, String key) {
        return new FieldProblem(field, Messages.text(locale, key));
    }

    /** One course of a person as the statements tell it. */
    public record Course(String objectId, String name, BigDecimal progress, BigDecimal score, boolean completed,
            boolean passed, BigDecimal hours, Instant lastAt) {
    }

    /** The person's courses: the furthest point reached, the best score, time invested, ignoring voided statements. */
    public List<Course> courses(UUID personId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT object_id, max(object_name) AS name,
                       max(CASE WHEN verb LIKE '%/completed' THEN 1 ELSE progress END) AS progress,
                       max(score) AS score, bool_or(verb LIKE '%/completed' OR completion IS TRUE) AS completed,
                       bool_or(verb LIKE '%/passed' OR success IS TRUE) AS passed,
                       round(coalesce(sum(duration_seconds), 0) / 3600, 2) AS hours, max(at) AS last_at
                FROM xapi_statements WHERE person_id = :person AND NOT voided AND verb <> :voided
                GROUP BY object_id ORDER BY max(at) DESC""")
                .bind("person", personId).bind("voided", VOIDED)
                .map((rs, ctx) -> new Course(rs.getString("object_id"), rs.getString("name"),
                        rs.getBigDecimal("progress"), rs.getBigDecimal("score"), rs.getBoolean("completed"),
                        rs.getBoolean("passed"), rs.getBigDecimal("hours"), rs.getTimestamp("last_at").toInstant()))
                .list());
    }
}
