package org.matricula.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Condition;
import org.matricula.api.form.Field;
import org.matricula.api.form.FieldType;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Section;

/**
 * A plugin's form model turned into what the {@code form-fields} partial renders: one language,
 * the values typed so far, a message beside each invalid field, and what is shown for these
 * values. Visibility conditions travel as JSON so a small script can re-evaluate them while the
 * applicant types; without the script the server's answer stands.
 *
 * <p>Each field comes with its HTML (the {@code form-field} partial). Most fields of a form shown
 * are empty and without a message, and such a field looks the same for every applicant: its view
 * and HTML are kept per form, language and visibility, so a page renders only the fields that hold
 * the applicant's values or messages. They are kept for the form model object the family hands
 * out and go with it: an upgraded, reloaded or removed plugin's forms are new objects, and the old
 * ones' entries are dropped when the old forms are collected.
 */
public final class FormView {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The choices of a multiple choice field, as its value lists them. */
    private static final Pattern CHOICES = Pattern.compile("\\s*,\\s*");
    private static final Views FIELD_VIEWS = new Views();
    private static final Map<FormModel, Map<KeptField, RenderedField>> KEPT_FIELDS =
            Collections.synchronizedMap(new WeakHashMap<>());
    /** The conditions as JSON for the page's script, written once each: they go with their forms, too. */
    private static final Map<Condition, String> CONDITIONS = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * What a field without a message looks like when it is empty, or holds a slot's marker (see
     * {@link Slots}), depends on nothing else. Compared by hand: a form view looks up every field of
     * the form, each time through the record's {@code equals} and {@code hashCode}, which the record's
     * own would compose of method handles.
     */
    private record KeptField(Field field, Locale locale, boolean hidden, boolean required, String value) {

        @Override
        public boolean equals(Object other) {
            return other instanceof KeptField that && field == that.field && locale.equals(that.locale)
                    && hidden == that.hidden && required == that.required && value.equals(that.value);
        }

        @Override
        public int hashCode() {
            return ((System.identityHashCode(field) * 31 + locale.hashCode()) * 31 + value.hashCode()) * 4
                    + (hidden ? 2 : 0) + (required ? 1 : 0);
        }
    }

    private record RenderedField(FieldView view, String html) {
    }

    private FormView() {
    }

    /**
     * A section with its fields' views and their HTML, which the partial writes in one piece instead
     * of going through a list item by item. The pieces are kept apart so that two views of a section
     * compare quickly: the kept fields' HTML is the same string.
     */
    public record SectionView(String id, String title, boolean hidden, String visibleWhen, List<FieldView> fields,
            List<String> fieldHtml) {

        public String fieldsHtml() {
            return String.join("", fieldHtml);
        }

        /**
         * Compared without the field views: each field's HTML holds all of its view a page shows
         * (name, label, value, message), and the HTML of a kept field is the very same string, so
         * comparing two forms' sections, as a page's shape is looked up, costs a check per field.
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof SectionView that && Objects.equals(id, that.id)
                    && Objects.equals(title, that.title)
                    && hidden == that.hidden && Objects.equals(visibleWhen, that.visibleWhen)
                    && fieldHtml.equals(that.fieldHtml);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(id) * 31 + fieldHtml.hashCode()) * 2 + (hidden ? 1 : 0);
        }
    }

    /**
     * @param required     whether the field is required with the values as they are
     * @param requiredWhen the condition under which it is, as JSON for the page's script, or {@code null}
     */
    public record FieldView(String name, String label, String help, String value, String error, boolean required,
            String requiredWhen, boolean hidden, String visibleWhen, String inputType, boolean textarea, boolean select, boolean multi,
            boolean checkbox, boolean checked, String pattern, String min, String max, String maxLength,
            boolean wholeNumber, List<OptionView> options) {

        /**
         * The error as the form's error summary lists it: naming the field, once. A plugin's rule
         * often names it already ("Motivation: at least 100 characters", «Мотивация»: …).
         */
        public String summaryError() {
            if (error == null) {
                return null;
            }
            boolean named = error.startsWith(label + ":") || error.startsWith("«" + label + "»");
            return named ? error : label + ": " + error;
        }
    }

    public record OptionView(String value, String label, boolean selected) {
    }

    public static List<SectionView> of(FormModel form, Map<String, String> values, Map<String, String> errors,
            Locale locale) {
        return of(form, values, errors, locale, Slots.asIs());
    }

    /** The form's view with the typed values of text fields passed through {@code slots}. */
    public static List<SectionView> of(FormModel form, Map<String, String> values, Map<String, String> errors,
            Locale locale, Slots slots) {
        return form.sections().stream().map(section -> section(form, section, values, errors, locale, slots)).toList();
    }

    private static SectionView section(FormModel form, Section section, Map<String, String> values,
            Map<String, String> errors, Locale locale, Slots slots) {
        boolean hidden = section.visibleWhen() != null && !section.visibleWhen().test(values);
        Map<KeptField, RenderedField> kept = KEPT_FIELDS.computeIfAbsent(form, model -> new ConcurrentHashMap<>());
        List<RenderedField> fields = section.fields().stream().map(field -> {
            boolean fieldHidden = !form.isVisible(field, values);
            // Whether it is asked for can hang on other fields' values, even when this one is empty.
            boolean required = isRequired(field, values);
            String value = values.getOrDefault(field.name(), "");
            if (errors.containsKey(field.name())) {
                return rendered(field(field, fieldHidden, required, value, errors, locale));
            }
            // A text field's value is written as it is typed; a choice's value decides what is selected.
            String shown = value.isEmpty() || !isText(field.type()) ? value : slots.of(value);
            if (shown.isEmpty() || Slots.isMarker(shown)) {
                return kept.computeIfAbsent(new KeptField(field, locale, fieldHidden, required, shown),
                        key -> rendered(field(field, fieldHidden, required, shown, Map.of(), locale)));
            }
            return rendered(field(field, fieldHidden, required, shown, errors, locale));
        }).toList();
        return new SectionView(section.id(), section.title().in(locale), hidden, json(section.visibleWhen()),
                fields.stream().map(RenderedField::view).toList(), fields.stream().map(RenderedField::html).toList());
    }

    private static boolean isText(FieldType type) {
        return type != FieldType.CHECKBOX && type != FieldType.SELECT && type != FieldType.MULTI_SELECT;
    }

    private static RenderedField rendered(FieldView view) {
        return new RenderedField(view, FIELD_VIEWS.render("form-field", view));
    }

    private static FieldView field(Field field, boolean hidden, boolean required, String value,
            Map<String, String> errors, Locale locale) {
        Set<String> chosen = field.options().isEmpty() ? Set.of()
                : Arrays.stream(CHOICES.split(value)).collect(Collectors.toSet());
        List<OptionView> options = field.options().stream()
                .map(option -> new OptionView(option.value(), option.label().in(locale), chosen.contains(option.value())))
                .toList();
        FieldType type = field.type();
        return new FieldView(field.name(), field.label().in(locale), text(field.help(), locale), value,
                errors.get(field.name()), required, json(field.requiredWhen()), hidden, json(field.visibleWhen()),
                inputType(type),
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
        return condition == null ? null : CONDITIONS.computeIfAbsent(condition, FormView::written);
    }

    private static String written(Condition condition) {
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
