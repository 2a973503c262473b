package org.matricula.platform.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Condition;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Section;

/** A form model as plain maps and lists, for JSON: what a client needs to render and pre-check it. */
public final class FormJson {

    private FormJson() {
    }

    public static List<Map<String, Object>> sections(FormModel form) {
        return form.sections().stream().map(FormJson::section).toList();
    }

    private static Map<String, Object> section(Section section) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", section.id());
        json.put("title", text(section.title()));
        json.put("part", section.part().name());
        putIfPresent(json, "visibleWhen", condition(section.visibleWhen()));
        json.put("fields", section.fields().stream().map(FormJson::field).toList());
        return json;
    }

    private static Map<String, Object> field(Field field) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", field.name());
        json.put("type", field.type().name());
        json.put("label", text(field.label()));
        putIfPresent(json, "help", field.help() == null ? null : text(field.help()));
        json.put("required", field.isRequired());
        putIfPresent(json, "requiredWhen", condition(field.requiredWhen()));
        putIfPresent(json, "visibleWhen", condition(field.visibleWhen()));
        putIfPresent(json, "pattern", field.pattern());
        putIfPresent(json, "min", field.min());
        putIfPresent(json, "max", field.max());
        if (field.isWholeNumber()) {
            json.put("wholeNumber", true);
        }
        putIfPresent(json, "minLength", field.minLength());
        putIfPresent(json, "maxLength", field.maxLength());
        if (!field.options().isEmpty()) {
            json.put("options", field.options().stream()
                    .map(option -> Map.of("value", option.value(), "label", text(option.label()))).toList());
        }
        json.put("fromProfile", field.isFromProfile());
        return json;
    }

    public static Map<String, Object> condition(Condition condition) {
        if (condition == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", condition.kind().name());
        putIfPresent(json, "field", condition.field());
        if (!condition.values().isEmpty()) {
            json.put("values", condition.values());
        }
        if (!condition.operands().isEmpty()) {
            json.put("operands", condition.operands().stream().map(FormJson::condition).toList());
        }
        return json;
    }

    /** Russian and English always (with their fallback), which clients of the first API read; then any further language. */
    public static Map<String, String> text(LocalizedText text) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("ru", text.ru());
        json.put("en", text.en());
        text.texts().forEach(json::putIfAbsent);
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
