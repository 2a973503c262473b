package org.matricula.platform.crm.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.ValidationResult;
import org.matricula.platform.crm.campaigns.MailTemplate;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.segments.SegmentFilter;
import org.matricula.platform.crm.segments.SegmentSql;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * A scenario as a file (JSON or YAML) or as a form posts it, read and checked: every bad part is
 * named by its path ({@code trigger.stage}, {@code steps[2].url}) with a message in the reader's
 * language, and nothing is saved while one is left.
 */
public final class ScenarioFile {

    /** The format a file names itself with. */
    public static final String FORMAT = "matricula-scenario/1";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final Pattern TAG = Pattern.compile("[^,]{1,100}");
    private static final Pattern AT = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern SHORT_PERIOD = Pattern.compile("([0-9]{1,6})\\s*([smhd])");
    private static final int MAX_STEPS = 50;

    /** What a check needs to know of the installation: stages, segments, staff, plugins' actions. */
    public interface Context {

        Set<String> stages();

        boolean segmentExists(long id);

        boolean staffExists(String email);

        Optional<ScenarioAction> action(String id);

        /** Why a webhook step may not call this URL (a message key), or empty when it may. */
        Optional<String> webhookRefusal(String url);
    }

    /** A checked scenario: its name, whether it is on, and what it does. */
    public record Parsed(String name, boolean enabled, Definition definition) {
    }

    private ScenarioFile() {
    }

    /** Reads a file's text as YAML ({@code yaml}, {@code yml}) or JSON; an unreadable one is refused on {@code file}. */
    public static JsonNode read(String text, String format, Locale locale) {
        try {
            JsonNode node = (yaml(format) ? YAML : JSON).readTree(text == null ? "" : text);
            if (node == null || !node.isObject()) {
                throw InvalidInputException.field("file", Messages.text(locale, "automation.error.file"));
            }
            return node;
        } catch (IOException e) {
            throw InvalidInputException.field("file", Messages.text(locale, "automation.error.file"));
        }
    }

    static boolean yaml(String format) {
        return format != null && (format.equalsIgnoreCase("yaml") || format.equalsIgnoreCase("yml"));
    }

    /** The file of a scenario, in JSON or YAML. */
    public static String write(String name, boolean enabled, Definition definition, String format) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("format", FORMAT);
        file.put("name", name);
        file.put("enabled", enabled);
        file.putAll(definition.json());
        try {
            return (yaml(format) ? YAML : JSON).writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a scenario's tree, answering it or refusing with a message per bad field. */
    public static Parsed check(JsonNode node, Context context, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String format = text(node, "format");
        if (!format.isEmpty() && !FORMAT.equals(format)) {
            problems.add(problem("format", "automation.error.format", locale));
        }
        String name = text(node, "name").strip();
        if (name.isEmpty() || name.length() > 200) {
            problems.add(problem("name", "automation.error.name", locale));
        }
        boolean enabled = !node.has("enabled") || node.path("enabled").asBoolean(true);
        Definition.Trigger trigger = trigger(node.path("trigger"), context, locale, problems);
        Long condition = null;
        SegmentFilter filter = null;
        JsonNode conditionNode = node.path("condition");
        if (conditionNode.isObject()) {
            if (!text(conditionNode, "segment").isBlank()) {
                condition = segment(text(conditionNode, "segment"), "condition.segment", context, locale, problems);
            }
            filter = filter(conditionNode.path("filter"), context, locale, problems);
        } else if (!conditionNode.isMissingNode() && !conditionNode.isNull()) {
            problems.add(problem("condition.segment", "automation.error.segment", locale));
        }
        List<Definition.Step> steps = new ArrayList<>();
        JsonNode stepsNode = node.path("steps");
        if (!stepsNode.isArray() || stepsNode.isEmpty() || stepsNode.size() > MAX_STEPS) {
            problems.add(problem("steps", "automation.error.steps", locale));
        } else {
            for (int i = 0; i < stepsNode.size(); i++) {
                step(stepsNode.get(i), "steps[" + i + "]", context, locale, problems).ifPresent(steps::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        return new Parsed(name, enabled, new Definition(trigger, condition, filter, steps));
    }

    private static Definition.Trigger trigger(JsonNode node, Context context, Locale locale,
            List<FieldProblem> problems) {
        String type = text(node, "type").strip().toUpperCase(Locale.ROOT);
        if (!Definition.TRIGGERS.contains(type)) {
            problems.add(problem("trigger.type", "automation.error.trigger", locale));
            return new Definition.Trigger(type, null, null, null, null, null);
        }
        String status = null;
        String stage = null;
        Long segment = null;
        Integer everyDays = null;
        String at = null;
        switch (type) {
            case Definition.Trigger.STATUS_CHANGED -> {
                status = text(node, "status").strip().toUpperCase(Locale.ROOT);
                if (!status.isEmpty() && !SegmentSql.STATUSES.contains(status)) {
                    problems.add(problem("trigger.status", "automation.error.status", locale));
                }
            }
            case Definition.Trigger.STAGE_ENTERED -> {
                stage = text(node, "stage").strip();
                if (!context.stages().contains(stage)) {
                    problems.add(problem("trigger.stage", "automation.error.stage", locale));
                }
            }
            case Definition.Trigger.SEGMENT_ENTERED ->
                segment = segment(text(node, "segment"), "trigger.segment", context, locale, problems);
            case Definition.Trigger.SCHEDULE -> {
                segment = segment(text(node, "segment"), "trigger.segment", context, locale, problems);
                try {
                    everyDays = Integer.parseInt(text(node, "everyDays").strip());
                    if (everyDays < 1 || everyDays > 366) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    problems.add(problem("trigger.everyDays", "automation.error.everyDays", locale));
                }
                at = text(node, "at").strip();
                if (!AT.matcher(at).matches()) {
                    problems.add(problem("trigger.at", "automation.error.at", locale));
                }
            }
            default -> {
                // payment received, invoice overdue, stuck, by hand: nothing more to say
            }
        }
        return new Definition.Trigger(type, status, stage, segment, everyDays, at);
    }

    /**
     * A condition's filter, checked as a segment's is (each bad part named under
     * {@code condition.filter.}); null when none is given or it has no part.
     */
    private static SegmentFilter filter(JsonNode node, Context context, Locale locale,
            List<FieldProblem> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        SegmentFilter filter;
        try {
            filter = node.isObject() ? JSON.treeToValue(node, SegmentFilter.class) : null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            filter = null;
        }
        if (filter == null) {
            problems.add(problem("condition.filter", "automation.error.filter", locale));
            return null;
        }
        try {
            SegmentSql.compile(filter, context.stages(), locale);
        } catch (InvalidInputException refused) {
            refused.errors().forEach(bad -> problems.add(new FieldProblem("condition.filter." + bad.field(),
                    bad.message())));
            return null;
        }
        return filter.equals(SegmentFilter.EVERYONE) ? null : filter;
    }

    private static Long segment(String value, String field, Context context, Locale locale,
            List<FieldProblem> problems) {
        try {
            long id = Long.parseLong(value.strip());
            if (context.segmentExists(id)) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        problems.add(problem(field, "automation.error.segment", locale));
        return null;
    }

    private static Optional<Definition.Step> step(JsonNode node, String path, Context context, Locale locale,
            List<FieldProblem> problems) {
        if (!node.isObject()) {
            problems.add(problem(path + ".type", "automation.error.stepType", locale));
            return Optional.empty();
        }
        String type = text(node, "type").strip().toUpperCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("type") && !field.getValue().isNull()) {
                params.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        }
        int before = problems.size();
        switch (type) {
            case Definition.Step.MAIL -> {
                for (String key : List.of("subjectRu", "bodyRu", "subjectEn", "bodyEn")) {
                    String value = params.getOrDefault(key, "");
                    if (value.isBlank() || MailTemplate.compile(value).isEmpty()) {
                        problems.add(problem(path + "." + key, "automation.error.template", locale));
                    }
                }
            }
            case Definition.Step.WAIT -> {
                boolean period = !params.getOrDefault("period", "").isBlank();
                boolean until = !params.getOrDefault("until", "").isBlank();
                if (period == until) {
                    problems.add(problem(path + ".period", "automation.error.wait", locale));
                } else if (period && period(params.get("period")).isEmpty()) {
                    problems.add(problem(path + ".period", "automation.error.period", locale));
                } else if (until) {
                    try {
                        readUntil(params.get("until"));
                    } catch (DateTimeParseException e) {
                        problems.add(new FieldProblem(path + ".until",
                                InputDates.message(locale, e, "automation.error.until")));
                    }
                }
            }
            case Definition.Step.SET_FIELD -> {
                if (!Persons.SETTABLE.contains(params.getOrDefault("field", ""))) {
                    problems.add(problem(path + ".field", "automation.error.field", locale));
                }
                if (params.getOrDefault("value", "").length() > 200) {
                    problems.add(problem(path + ".value", "automation.error.value", locale));
                }
            }
            case Definition.Step.ADD_TAG -> {
                if (!TAG.matcher(params.getOrDefault("tag", "").strip()).matches()) {
                    problems.add(problem(path + ".tag", "automation.error.tag", locale));
                }
            }
            case Definition.Step.MOVE_STAGE -> {
                if (!context.stages().contains(params.getOrDefault("stage", ""))) {
                    problems.add(problem(path + ".stage", "automation.error.stage", locale));
                }
                String reason = params.getOrDefault("reason", "").strip();
                if (reason.isEmpty() || reason.length() > 1000) {
                    problems.add(problem(path + ".reason", "automation.error.reason", locale));
                }
            }
            case Definition.Step.TASK -> {
                String title = params.getOrDefault("title", "").strip();
                if (title.isEmpty() || title.length() > 500) {
                    problems.add(problem(path + ".title", "automation.error.title", locale));
                }
                String assignee = params.getOrDefault("assignee", "").strip();
                if (!assignee.isEmpty() && !assignee.equalsIgnoreCase(Definition.Step.CURATOR)
                        && !context.staffExists(assignee)) {
                    problems.add(problem(path + ".assignee", "automation.error.assignee", locale));
                }
                String due = params.getOrDefault("dueDays", "").strip();
                if (!due.isEmpty() && !due.matches("[0-9]{1,3}")) {
                    problems.add(problem(path + ".dueDays", "automation.error.dueDays", locale));
                }
            }
            case Definition.Step.WEBHOOK -> {
                String url = params.getOrDefault("url", "");
                context.webhookRefusal(url).ifPresent(key -> problems.add(problem(path + ".url", key, locale)));
                String secret = params.getOrDefault("secret", "");
                if (secret.length() < 16 || secret.length() > 200) {
                    problems.add(problem(path + ".secret", "automation.error.secret", locale));
                }
            }
            case Definition.Step.ACTION -> {
                Optional<ScenarioAction> action = context.action(params.getOrDefault("action", ""));
                if (action.isEmpty()) {
                    problems.add(problem(path + ".action", "automation.error.action", locale));
                } else {
                    Map<String, String> values = new LinkedHashMap<>(params);
                    values.remove("action");
                    ValidationResult result;
                    try {
                        result = action.get().parameters().validate(values);
                    } catch (RuntimeException e) {
                        result = ValidationResult.of(List.of(new FieldError("action",
                                org.matricula.api.LocalizedText.of(Messages.text(Messages.RUSSIAN,
                                        "automation.error.action"), Messages.text(Locale.ENGLISH,
                                        "automation.error.action")))));
                    }
                    for (FieldError error : result.errors()) {
                        problems.add(new FieldProblem(path + "." + error.field(), error.message().in(locale)));
                    }
                }
            }
            default -> problems.add(problem(path + ".type", "automation.error.stepType", locale));
        }
        return problems.size() == before ? Optional.of(new Definition.Step(type, params)) : Optional.empty();
    }

    /** {@code 3d}, {@code 12h}, {@code 30m}, {@code 45s} or ISO-8601 ({@code P3D}, {@code PT12H}). */
    static Optional<Duration> period(String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher match = SHORT_PERIOD.matcher(text);
        Duration duration = null;
        if (match.matches()) {
            long amount = Long.parseLong(match.group(1));
            duration = switch (match.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return duration.isNegative() || duration.compareTo(Duration.ofDays(3660)) > 0 ? Optional.empty()
                : Optional.of(duration);
    }

    /** A date ({@code 2026-12-31}, its start) or a date and time ({@code 2026-12-31T10:00}), in the configured zone. */
    static Optional<LocalDateTime> until(String value) {
        try {
            return Optional.of(readUntil(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** As {@link #until}, refusing a value that is none, or is out of {@link InputDates}' range. */
    private static LocalDateTime readUntil(String value) {
        String text = value == null ? "" : value.strip();
        try {
            return InputDates.date(text).atTime(LocalTime.MIDNIGHT);
        } catch (InputDates.OutOfRange tooFar) {
            throw tooFar;
        } catch (DateTimeParseException e) {
            return InputDates.dateTime(text);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    private static FieldProblem problem(String field, String key, Locale locale) {
        return new FieldProblem(field, Messages.text(locale, key));
    }
}
