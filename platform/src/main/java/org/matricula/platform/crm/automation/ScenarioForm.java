package org.matricula.platform.crm.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.api.form.Field;
import org.matricula.api.form.Option;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.i18n.Messages;

/**
 * The scenario editor's form, built without JavaScript: the whole draft travels in the form's
 * fields ({@code step3.url}), and the buttons add, move or remove a step and show the form again
 * until "save" makes a version.
 */
final class ScenarioForm {

    /** The parameters of each built-in step type, in the order the form shows them. */
    static final Map<String, List<String>> PARAMS = Map.of(
            Definition.Step.MAIL, List.of("subjectRu", "bodyRu", "subjectEn", "bodyEn"),
            Definition.Step.WAIT, List.of("period", "until"),
            Definition.Step.SET_FIELD, List.of("field", "value"),
            Definition.Step.ADD_TAG, List.of("tag"),
            Definition.Step.MOVE_STAGE, List.of("stage", "reason"),
            Definition.Step.TASK, List.of("title", "assignee", "dueDays"),
            Definition.Step.WEBHOOK, List.of("url", "secret"),
            Definition.Step.ACTION, List.of("action"));
    private static final List<String> TEXTAREAS = List.of("bodyRu", "bodyEn");

    private ScenarioForm() {
    }

    /** A posted form as the tree a file would hold. */
    static ObjectNode tree(Map<String, List<String>> posted) {
        ObjectNode tree = ScenarioFile.JSON.createObjectNode();
        tree.put("name", first(posted, "name"));
        tree.put("enabled", "on".equals(first(posted, "enabled")) || "true".equals(first(posted, "enabled")));
        ObjectNode trigger = tree.putObject("trigger");
        trigger.put("type", first(posted, "triggerType"));
        put(trigger, "status", first(posted, "triggerStatus"));
        put(trigger, "stage", first(posted, "triggerStage"));
        put(trigger, "segment", first(posted, "triggerSegment"));
        put(trigger, "everyDays", first(posted, "triggerEveryDays"));
        put(trigger, "at", first(posted, "triggerAt"));
        ObjectNode condition = ScenarioFile.JSON.createObjectNode();
        if (!first(posted, "conditionSegment").isBlank()) {
            condition.put("segment", first(posted, "conditionSegment"));
        }
        ObjectNode filter = conditionFilter(posted);
        if (!filter.isEmpty()) {
            condition.set("filter", filter);
        }
        if (!condition.isEmpty()) {
            tree.set("condition", condition);
        }
        ArrayNode steps = tree.putArray("steps");
        int count;
        try {
            count = Math.max(0, Math.min(50, Integer.parseInt(first(posted, "stepCount"))));
        } catch (NumberFormatException e) {
            count = 0;
        }
        for (int i = 0; i < count; i++) {
            String prefix = "step" + i + ".";
            ObjectNode step = steps.addObject();
            step.put("type", first(posted, prefix + "type"));
            for (String key : new TreeSet<>(posted.keySet())) {
                if (key.startsWith(prefix) && !key.equals(prefix + "type") && !first(posted, key).isEmpty()) {
                    step.put(key.substring(prefix.length()), first(posted, key));
                }
            }
        }
        return tree;
    }

    /** The parts of a condition's filter the form shows as fields; the others travel in {@code conditionFilter}. */
    static final List<String> FILTER_FIELDS = List.of("stages", "tags", "consent");

    /**
     * The condition's filter of a posted form: the parts kept from the file (the hidden
     * {@code conditionFilter}, JSON) with the shown ones as posted (stages, comma-separated tags,
     * marketing consent).
     */
    static ObjectNode conditionFilter(Map<String, List<String>> posted) {
        ObjectNode filter;
        try {
            JsonNode kept = ScenarioFile.JSON.readTree(first(posted, "conditionFilter"));
            filter = kept != null && kept.isObject() ? (ObjectNode) kept : ScenarioFile.JSON.createObjectNode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            filter = ScenarioFile.JSON.createObjectNode();
        }
        filter.remove(FILTER_FIELDS);
        List<String> stages = posted.getOrDefault("conditionStage", List.of()).stream().filter(v -> !v.isBlank())
                .toList();
        if (!stages.isEmpty()) {
            stages.forEach(filter.putArray("stages")::add);
        }
        List<String> tags = java.util.Arrays.stream(first(posted, "conditionTags").split(",")).map(String::strip)
                .filter(tag -> !tag.isEmpty()).toList();
        if (!tags.isEmpty()) {
            tags.forEach(filter.putArray("tags")::add);
        }
        put(filter, "consent", first(posted, "conditionConsent"));
        return filter;
    }

    /** Applies the button pressed ({@code op}): add a step, move one up, remove one; answers the tree to show. */
    static ObjectNode apply(ObjectNode tree, String op, String newType) {
        ArrayNode steps = (ArrayNode) tree.path("steps");
        if ("add".equals(op) && Definition.Step.TYPES.contains(newType) && steps.size() < 50) {
            steps.addObject().put("type", newType);
        } else if (op != null && op.startsWith("remove-")) {
            int index = index(op, steps);
            if (index >= 0) {
                steps.remove(index);
            }
        } else if (op != null && op.startsWith("up-")) {
            int index = index(op, steps);
            if (index > 0) {
                JsonNode moved = steps.remove(index);
                steps.insert(index - 1, moved);
            }
        }
        return tree;
    }

    private static int index(String op, ArrayNode steps) {
        try {
            int index = Integer.parseInt(op.substring(op.indexOf('-') + 1));
            return index < steps.size() ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The html id of a field a problem names ({@code steps[2].url} is {@code in-step2-url}). */
    static String anchor(String field) {
        if (field.startsWith("steps[")) {
            int close = field.indexOf(']');
            String rest = close + 2 <= field.length() ? field.substring(Math.min(field.length(), close + 2)) : "";
            return "in-step" + field.substring(6, close) + (rest.isEmpty() ? "-type" : "-" + rest);
        }
        return switch (field) {
            case "trigger.type" -> "in-triggerType";
            case "trigger.status" -> "in-triggerStatus";
            case "trigger.stage" -> "in-triggerStage";
            case "trigger.segment" -> "in-triggerSegment";
            case "trigger.everyDays" -> "in-triggerEveryDays";
            case "trigger.at" -> "in-triggerAt";
            case "condition.segment" -> "in-conditionSegment";
            case "condition.filter.stage" -> "in-conditionStage";
            case "condition.filter.tags" -> "in-conditionTags";
            case "condition.filter.consent" -> "in-conditionConsent";
            case "steps" -> "in-newStepType";
            default -> field.startsWith("condition.filter") ? "in-conditionFilter" : "in-" + field;
        };
    }

    /** The steps of a tree, each with its fields to show (values, options, errors). */
    static List<Map<String, Object>> steps(JsonNode tree, Map<String, String> errors, Actions actions,
            List<Option> stages, Locale locale) {
        List<Map<String, Object>> shown = new ArrayList<>();
        JsonNode steps = tree.path("steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            String type = step.path("type").asText();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("index", i);
            view.put("number", i + 1);
            view.put("type", type);
            view.put("typeLabel", Definition.Step.TYPES.contains(type) ? Messages.text(locale, "automation.step." + type)
                    : type);
            view.put("notFirst", i > 0);
            view.put("typeError", errors.get("in-step" + i + "-type"));
            List<Map<String, Object>> fields = new ArrayList<>();
            for (String param : PARAMS.getOrDefault(type, List.of())) {
                List<Option> options = switch (param) {
                    case "field" -> new TreeSet<>(Persons.SETTABLE).stream().map(name -> new Option(name,
                            org.matricula.api.LocalizedText.of(Messages.text(Messages.RUSSIAN, "automation.field." + name),
                                    Messages.text(Locale.ENGLISH, "automation.field." + name)))).toList();
                    case "stage" -> stages;
                    case "action" -> actions.all().entrySet().stream().map(e -> new Option(e.getKey(),
                            e.getValue().title())).toList();
                    default -> null;
                };
                fields.add(field(i, param, Messages.text(locale, "automation.param." + param),
                        step.path(param).asText(""), options, TEXTAREAS.contains(param), errors, locale));
            }
            if (Definition.Step.ACTION.equals(type)) {
                ScenarioAction action = actions.find(step.path("action").asText("")).orElse(null);
                if (action != null) {
                    for (Field field : action.parameters().fields()) {
                        List<Option> options = field.options() == null || field.options().isEmpty() ? null
                                : field.options();
                        fields.add(field(i, field.name(), field.label() == null ? field.name()
                                : field.label().in(locale), step.path(field.name()).asText(""), options,
                                field.type() == org.matricula.api.form.FieldType.TEXTAREA, errors, locale));
                    }
                }
            }
            view.put("fields", fields);
            shown.add(view);
        }
        return shown;
    }

    private static Map<String, Object> field(int step, String name, String label, String value, List<Option> options,
            boolean textarea, Map<String, String> errors, Locale locale) {
        Map<String, Object> field = new LinkedHashMap<>();
        String id = "in-step" + step + "-" + name;
        field.put("id", id);
        field.put("name", "step" + step + "." + name);
        field.put("label", label);
        field.put("value", value);
        field.put("textarea", textarea);
        field.put("select", options != null);
        if (options != null) {
            List<Map<String, Object>> shown = new ArrayList<>();
            shown.add(Map.of("value", "", "label", "—", "selected", value.isEmpty()));
            for (Option option : options) {
                shown.add(Map.of("value", option.value(), "label", option.label().in(locale), "selected",
                        option.value().equals(value)));
            }
            field.put("options", shown);
        }
        field.put("error", errors.get(id));
        return field;
    }

    static List<Map<String, Object>> options(List<String> values, String selected, java.util.function.Function<String,
            String> label) {
        List<Map<String, Object>> options = new ArrayList<>();
        options.add(Map.of("value", "", "label", "—", "selected", selected == null || selected.isEmpty()));
        for (String value : values) {
            options.add(Map.of("value", value, "label", label.apply(value), "selected", value.equals(selected)));
        }
        return options;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (!value.isBlank()) {
            node.put(field, value);
        }
    }

    static String first(Map<String, List<String>> posted, String key) {
        List<String> values = posted.get(key);
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }
}
