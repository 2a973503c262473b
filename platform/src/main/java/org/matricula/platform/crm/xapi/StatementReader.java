package org.matricula.platform.crm.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.ForbiddenCharacters;

/**
 * Reads xAPI 1.0.3 statements from their JSON, checking what the learning record relies on:
 * an actor with one identifier, a verb and an object with IRIs, a well-formed result and time.
 * Every problem is named by its JSON path ({@code [2].actor.mbox}); one bad statement refuses the
 * batch, as the specification asks.
 */
final class StatementReader {

    /** cmi5's extension for how far through an activity the learner is, 0 to 100. */
    static final String PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress";

    private static final Set<String> PROPERTIES = Set.of("id", "actor", "verb", "object", "result", "context",
            "timestamp", "stored", "authority", "version", "attachments");
    private static final Pattern EMAIL = Pattern.compile("mailto:([^@\\s]+@[^@\\s]+\\.[^@\\s]+)");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
    /** ISO 8601 durations as xAPI writes them; a year counts 365 days and a month 30. */
    private static final Pattern DURATION = Pattern.compile(
            "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");
    /**
     * The longest time one statement may report: a year of a leap year. Any longer is a mistake of
     * the LMS (nobody spends more on one attempt), and summed over a learner's statements it would
     * overflow the time invested.
     */
    static final int MOST_DURATION_DAYS = 366;
    private static final long MOST_DURATION_MS = MOST_DURATION_DAYS * 86_400_000L;

    private final Locale locale;
    private final Instant now;
    private final List<Problem.FieldProblem> problems = new ArrayList<>();

    StatementReader(Locale locale, Instant now) {
        this.locale = locale;
        this.now = now;
    }

    /** The statements of a POST body: one statement, or an array of them. */
    List<Statement> batch(JsonNode root, int most) {
        List<Statement> statements = new ArrayList<>();
        if (root == null || !(root.isObject() || root.isArray())) {
            fail("", "xapi.problem.body");
        } else if (root.isObject()) {
            statements.add(statement(root, ""));
        } else if (root.isEmpty() || root.size() > most) {
            fail("", "xapi.problem.batchSize", most);
        } else {
            for (int i = 0; i < root.size(); i++) {
                statements.add(statement(root.get(i), "[" + i + "]"));
            }
        }
        refuseIfAnyProblem();
        return statements;
    }

    /** The one statement of a PUT, whose id is the query's {@code statementId}. */
    Statement single(JsonNode root, String statementId) {
        UUID id = uuid(statementId, "statementId");
        if (root == null || !root.isObject()) {
            fail("", "xapi.problem.body");
        } else if (id != null && root.hasNonNull("id") && !root.get("id").asText().equalsIgnoreCase(id.toString())) {
            fail("id", "xapi.problem.idMismatch");
        }
        refuseIfAnyProblem();
        ObjectNode body = ((ObjectNode) root).deepCopy();
        body.put("id", id.toString());
        Statement statement = statement(body, "");
        refuseIfAnyProblem();
        return statement;
    }

    private Statement statement(JsonNode node, String path) {
        if (!node.isObject()) {
            fail(path, "xapi.problem.notObject");
            return null;
        }
        ObjectNode body = ((ObjectNode) node).deepCopy();
        refuseUnstorableText(body, path);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PROPERTIES.contains(name)) {
                fail(at(path, name), "xapi.problem.unknownProperty");
            }
        }
        UUID id = body.hasNonNull("id") ? uuid(body.get("id").asText(), at(path, "id")) : UUID.randomUUID();
        if (id != null) {
            body.put("id", id.toString());
        }
        body.remove(List.of("stored", "authority"));
        Actor actor = actor(body.get("actor"), at(path, "actor"));
        String verb = iri(body.path("verb").get("id"), at(path, "verb.id"));
        Target target = target(body.get("object"), at(path, "object"));
        UUID voids = null;
        if (Statement.VOIDED.equals(verb) && target != null) {
            if (!"StatementRef".equals(target.type())) {
                fail(at(path, "object.objectType"), "xapi.problem.voidsStatementRef");
            } else {
                voids = UUID.fromString(target.id());
            }
        }
        JsonNode result = body.path("result");
        Instant occurred = timestamp(body.get("timestamp"), at(path, "timestamp"));
        BigDecimal scaled = scaled(result.path("score").get("scaled"), at(path, "result.score.scaled"));
        Boolean success = bool(result.get("success"), at(path, "result.success"));
        Boolean completion = bool(result.get("completion"), at(path, "result.completion"));
        Long duration = duration(result.get("duration"), at(path, "result.duration"));
        Integer progress = progress(result.path("extensions").get(PROGRESS), at(path, "result.extensions"));
        if (actor == null || verb == null || target == null) {
            return null;
        }
        return new Statement(id, actor.id(), actor.email(), verb, target.id(), target.name(), scaled, success,
                completion, duration, progress, voids, occurred, body);
    }

    /**
     * Names every text of the statement (value or property name) holding a character PostgreSQL
     * or an XML document cannot hold ({@link ForbiddenCharacters}): stored, the statement would
     * fail as a whole with nothing to say which field it was.
     */
    private void refuseUnstorableText(JsonNode node, String path) {
        if (node.isTextual()) {
            if (ForbiddenCharacters.in(node.textValue())) {
                fail(path, "problem.json.unstorableCharacter");
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseUnstorableText(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = at(path, ForbiddenCharacters.removed(field.getKey()));
                if (ForbiddenCharacters.in(field.getKey())) {
                    fail(at, "problem.json.unstorableCharacter");
                } else {
                    refuseUnstorableText(field.getValue(), at);
                }
            }
        }
    }

    private record Actor(String id, String email) {
    }

    private record Target(String type, String id, String name) {
    }

    private Actor actor(JsonNode actor, String path) {
        if (actor == null || !actor.isObject()) {
            fail(path, "xapi.problem.actor");
            return null;
        }
        List<String> identifiers = new ArrayList<>();
        for (String name : List.of("mbox", "mbox_sha1sum", "openid", "account")) {
            if (actor.hasNonNull(name)) {
                identifiers.add(name);
            }
        }
        if (identifiers.size() != 1) {
            fail(path, "xapi.problem.oneIdentifier");
            return null;
        }
        String kind = identifiers.get(0);
        JsonNode value = actor.get(kind);
        switch (kind) {
            case "mbox" -> {
                Matcher email = EMAIL.matcher(value.asText().strip());
                if (!value.isTextual() || !email.matches()) {
                    fail(at(path, "mbox"), "xapi.problem.mbox");
                    return null;
                }
                String address = email.group(1).toLowerCase(Locale.ROOT);
                return new Actor("mailto:" + address, address);
            }
            case "mbox_sha1sum" -> {
                if (!value.isTextual() || !SHA1.matcher(value.asText()).matches()) {
                    fail(at(path, "mbox_sha1sum"), "xapi.problem.sha1");
                    return null;
                }
                return new Actor("sha1:" + value.asText().toLowerCase(Locale.ROOT), null);
            }
            case "openid" -> {
                String openId = iri(value, at(path, "openid"));
                return openId == null ? null : new Actor("openid:" + openId, null);
            }
            default -> {
                String home = iri(value.get("homePage"), at(path, "account.homePage"));
                JsonNode name = value.get("name");
                if (name == null || !name.isTextual() || name.asText().isBlank()) {
                    fail(at(path, "account.name"), "xapi.problem.required");
                    return null;
                }
                return home == null ? null : new Actor("account:" + home + "#" + name.asText(), null);
            }
        }
    }

    private Target target(JsonNode object, String path) {
        if (object == null || !object.isObject()) {
            fail(path, "xapi.problem.object");
            return null;
        }
        String type = object.path("objectType").asText("Activity");
        return switch (type) {
            case "Activity" -> {
                String id = iri(object.get("id"), at(path, "id"));
                yield id == null ? null : new Target(type, id, name(object.path("definition").path("name")));
            }
            case "StatementRef" -> {
                UUID id = uuid(object.path("id").asText(null), at(path, "id"));
                yield id == null ? null : new Target(type, id.toString(), "");
            }
            case "Agent", "Group" -> {
                Actor agent = actor(object, path);
                yield agent == null ? null : new Target(type, agent.id(), object.path("name").asText(""));
            }
            case "SubStatement" -> new Target(type, "SubStatement", "");
            default -> {
                fail(at(path, "objectType"), "xapi.problem.objectType");
                yield null;
            }
        };
    }

    /** An activity's name in the reader's language where the language map has it, else the first. */
    private String name(JsonNode languageMap) {
        if (!languageMap.isObject() || languageMap.isEmpty()) {
            return "";
        }
        for (Iterator<String> tags = languageMap.fieldNames(); tags.hasNext(); ) {
            String tag = tags.next();
            if (tag.toLowerCase(Locale.ROOT).startsWith(locale.getLanguage())) {
                return languageMap.get(tag).asText("");
            }
        }
        return languageMap.elements().next().asText("");
    }

    private String iri(JsonNode value, String path) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            fail(path, "xapi.problem.required");
            return null;
        }
        try {
            URI uri = new URI(value.asText());
            if (uri.isAbsolute()) {
                return value.asText();
            }
        } catch (URISyntaxException e) {
            // reported below, as a relative IRI is
        }
        fail(path, "xapi.problem.iri");
        return null;
    }

    private UUID uuid(String value, String path) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        fail(path, "xapi.problem.uuid");
        return null;
    }

    private Instant timestamp(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return now;
        }
        try {
            return InputDates.offsetDateTime(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            fail(path, "xapi.problem.timestamp");
            return now;
        }
    }

    private BigDecimal scaled(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.decimalValue().abs().compareTo(BigDecimal.ONE) > 0) {
            fail(path, "xapi.problem.scaled");
            return null;
        }
        return value.decimalValue();
    }

    private Boolean bool(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            fail(path, "xapi.problem.boolean");
            return null;
        }
        return value.booleanValue();
    }

    private Long duration(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        Matcher parts = value.isTextual() ? DURATION.matcher(value.asText()) : null;
        if (parts == null || !parts.matches() || value.asText().equals("P") || value.asText().endsWith("T")) {
            fail(path, "xapi.problem.duration");
            return null;
        }
        // Exact arithmetic: a double rounded to a long would turn any huge duration into Long.MAX_VALUE,
        // and the learning record's sum of two of them would no longer fit a long.
        BigDecimal seconds = part(parts, 1, 365 * 86_400).add(part(parts, 2, 30 * 86_400))
                .add(part(parts, 3, 7 * 86_400)).add(part(parts, 4, 86_400)).add(part(parts, 5, 3_600))
                .add(part(parts, 6, 60)).add(part(parts, 7, 1));
        BigDecimal ms = seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP);
        if (ms.compareTo(BigDecimal.valueOf(MOST_DURATION_MS)) > 0) {
            fail(path, "xapi.problem.durationTooLong", MOST_DURATION_DAYS);
            return null;
        }
        return ms.longValueExact();
    }

    private static BigDecimal part(Matcher parts, int group, int secondsEach) {
        return parts.group(group) == null ? BigDecimal.ZERO
                : new BigDecimal(parts.group(group)).multiply(BigDecimal.valueOf(secondsEach));
    }

    private Integer progress(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0 || value.intValue() > 100) {
            fail(path, "xapi.problem.progress");
            return null;
        }
        return value.intValue();
    }

    private static String at(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private void fail(String path, String key, Object... arguments) {
        problems.add(new Problem.FieldProblem(path, Messages.text(locale, key, arguments)));
    }

    private void refuseIfAnyProblem() {
        if (!problems.isEmpty()) {
            throw InvalidInputException.unreadable(Messages.text(locale, "xapi.problem.title"), problems);
        }
    }
}
