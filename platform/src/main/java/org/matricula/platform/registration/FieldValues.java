package org.matricula.platform.registration;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.api.form.Condition;
import org.matricula.api.form.Field;
import org.matricula.api.form.FieldType;
import org.matricula.api.form.Option;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/** Stored field values as a person reads them: option labels for codes, dates in the language's format. */
final class FieldValues {

    private FieldValues() {
    }

    /** The labels of the chosen options, comma-separated as multi-select values are stored; other values as they are. */
    static String optionLabels(Field field, String value, Locale locale) {
        if (field.options().isEmpty()) {
            return value;
        }
        List<String> labels = new ArrayList<>();
        for (String chosen : value.split("\\s*,\\s*")) {
            labels.add(field.options().stream().filter(option -> option.value().equals(chosen)).findFirst()
                    .map(Option::label).map(label -> label.in(locale)).orElse(chosen));
        }
        return String.join(", ", labels);
    }

    /**
     * A stored value as a person reads it on a page: option labels, a checkbox as yes or no (one
     * stored before ticks were kept as {@code true} counts as ticked as the form counted it), a date
     * in the language's format; other values unchanged.
     */
    static String shown(Field field, String value, Locale locale) {
        if (field.type() == FieldType.CHECKBOX) {
            return checkbox(ticked(value), locale);
        }
        if (field.type() == FieldType.DATE) {
            return date(value, locale);
        }
        return optionLabels(field, value, locale);
    }

    private static boolean ticked(String value) {
        return Condition.checked("value").test(Map.of("value", value));
    }

    private static String checkbox(boolean ticked, Locale locale) {
        return Messages.text(locale, ticked ? "document.checkbox.checked" : "document.checkbox.unchecked");
    }

    private static String date(String value, Locale locale) {
        try {
            return TimeDisplay.date(locale, LocalDate.parse(value));
        } catch (DateTimeParseException notIso) {
            return value;
        }
    }

    /**
     * Every stored value of the form's fields as printed in a document: option labels, a
     * checkbox as yes or no, a date in the language's format; other values unchanged.
     */
    static Map<String, String> readable(List<PrintableFamily.PrintableField> fields, Map<String, String> values,
            Locale locale) {
        Map<String, String> readable = new LinkedHashMap<>(values);
        for (PrintableFamily.PrintableField field : fields) {
            String value = values.get(field.name());
            if (value != null && !value.isEmpty()) {
                readable.put(field.name(), readable(field, value, locale));
            }
        }
        return readable;
    }

    private static String readable(PrintableFamily.PrintableField field, String value, Locale locale) {
        if (FieldType.CHECKBOX.name().equals(field.type())) {
            return checkbox(ticked(value), locale);
        }
        if (FieldType.DATE.name().equals(field.type())) {
            return date(value, locale);
        }
        if (field.options().isEmpty()) {
            return value;
        }
        List<String> labels = new ArrayList<>();
        for (String chosen : value.split("\\s*,\\s*")) {
            labels.add(field.options().stream().filter(option -> option.value().equals(chosen)).findFirst()
                    .map(option -> option.label(locale)).orElse(chosen));
        }
        return String.join(", ", labels);
    }
}
