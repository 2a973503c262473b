package org.matricula.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Condition;
import org.matricula.api.form.Field;
import org.matricula.api.form.FieldType;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Section;
import org.matricula.platform.registration.FormJson;

/**
 * A plugin's form model turned into what the {@code form-fields} partial renders: one language,
 * the values typed so far, a message beside each invalid field, and what is shown for these
 * values. Visibility conditions travel as JSON so a small script can re-evaluate them while the
 * applicant types; without the script the server's answer stands.
 */
public final class FormView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FormView() {
    }

    public record SectionView(String id, String title, boolean hidden, String visibleWhen, List<FieldView> fields) {
    }

    /**
     * @param required     whether the field is required with the values as they are
     * @param requiredWhen the condition under which it is, as JSON for the page's script, or {@code null}
     */
    public record FieldView(String name, String label, String help, String value, String error, boolean required,
            String requiredWhen, boolean hidden, String visibleWhen, String inputType, boolean textarea, boolean select, boolean multi,
            boolean checkbox, boolean checked, String pattern, String min, String max, String maxLength,
            boolean wholeNumber, List<OptionView> options) {
    }

    public record OptionView(String value, String label, boolean selected) {
    }

    public static List<SectionView> of(FormModel form, Map<String, String> values, Map<String, String> errors,
            Locale locale) {
        return form.sections().stream().map(section -> section(form, section, values, errors, locale)).toList();
    }

    private static SectionView section(FormModel form, Section section, Map<String, String> values,
            Map<String, String> errors, Locale locale) {
        boolean hidden = section.visibleWhen() != null && !section.visibleWhen().test(values);
        List<FieldView> fields = section.fields().stream()
                .map(field -> field(field, !form.isVisible(field, values), values, errors, locale)).toList();
        return new SectionView(section.id(), section.title().in(locale), hidden, json(section.visibleWhen()), fields);
    }

    private static FieldView field(Field field, boolean hidden, Map<String, String> values,
            Map<String, String> errors, Locale locale) {
        String value = values.getOrDefault(field.name(), "");
        Set<String> chosen = Arrays.stream(value.split("\\s*,\\s*")).collect(Collectors.toSet());
        List<OptionView> options = field.options().stream()
                .map(option -> new OptionView(option.value(), option.label().in(locale), chosen.contains(option.value())))
                .toList();
        FieldType type = field.type();
        return new FieldView(field.name(), field.label().in(locale), text(field.help(), locale), value,
                errors.get(field.name()), isRequired(field, values), json(field.requiredWhen()), hidden, json(field.visibleWhen()), inputType(type),
                type == FieldType.TEXTAREA, type == FieldType.SELECT, type == FieldType.MULTI_SELECT,
                type == FieldType.CHECKBOX, "true".equals(value), field.pattern(), string(field.min()),
                string(field.max()), string(field.maxLength()), field.isWholeNumber(), options);
    }

    private static boolean isRequired(Field field, Map<String, String> values) {
        return field.isRequired() || field.requiredWhen() != null && field.requiredWhen().test(values);
    }

    private static String inputType(FieldType type) {
        return switch (type) {
            case EMAIL -> "email";
            case PHONE -> "tel";
            case DATE -> "date";
            case NUMBER -> "number";
            case FILE -> "file";
            default -> "text";
        };
    }

    private static String json(Condition condition) {
        if (condition == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(FormJson.condition(condition));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A condition is plain data and always serialises", e);
        }
    }

    private static String text(LocalizedText text, Locale locale) {
        return text == null ? null : text.in(locale);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
