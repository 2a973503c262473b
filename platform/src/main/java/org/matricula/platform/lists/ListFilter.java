package org.matricula.platform.lists;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.i18n.Messages;

/**
 * A filter an admin list offers: a query parameter mapped to a parameterised SQL condition that
 * refers to the value as {@code :f_<parameter>}. The value is checked and converted here, so
 * nothing typed by a user ever becomes SQL text.
 *
 * @param choices for choice filters, the SQL listing {@code value, label} pairs for the form
 * @param options for choice filters over a set fixed in code, the options themselves
 */
public record ListFilter(String parameter, Label label, Kind kind, String condition, List<String> allowed,
        String choices, List<Option> options) {

    /** How the parameter is read. */
    public enum Kind { TEXT, NUMBER, DATE, ANY_OF }

    /** A drop-down option known without asking the database. */
    public record Option(String value, Label label) {
    }

    public static ListFilter of(String parameter, Label label, Kind kind, String condition) {
        return new ListFilter(parameter, label, kind, condition, List.of(), "", List.of());
    }

    /** Shown as a drop-down with the options the SQL lists. */
    public ListFilter withChoices(String choicesSql) {
        return new ListFilter(parameter, label, kind, condition, allowed, choicesSql, options);
    }

    /** Shown as a drop-down with these options; for an {@link Kind#ANY_OF} filter, the names of its values. */
    public ListFilter withOptions(List<Option> fixed) {
        return new ListFilter(parameter, label, kind, condition, allowed, choices, List.copyOf(fixed));
    }

    /** A repeatable parameter whose values must each be one of {@code allowed}. */
    public static ListFilter anyOf(String parameter, Label label, String condition, List<String> allowed) {
        return new ListFilter(parameter, label, Kind.ANY_OF, condition, List.copyOf(allowed), "", List.of());
    }

    /** The name the value is bound under in the condition. */
    public String bindName() {
        return "f_" + parameter;
    }

    /**
     * Converts the non-blank values of the parameter into the value to bind.
     *
     * @throws IllegalArgumentException with a message for the admin when a value is not acceptable
     */
    public Object value(List<String> values, Locale locale) {
        String first = values.get(0).trim();
        return switch (kind) {
            case TEXT -> first;
            case NUMBER -> number(first, locale);
            case DATE -> date(first, locale);
            case ANY_OF -> anyOf(values, locale);
        };
    }

    private static Long number(String value, Locale locale) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Messages.text(locale, "lists.expectedWholeNumber", value));
        }
    }

    private static LocalDate date(String value, Locale locale) {
        try {
            return InputDates.date(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(InputDates.message(locale, e, "lists.expectedDate", value));
        }
    }

    private String[] anyOf(List<String> values, Locale locale) {
        List<String> unknown = values.stream().filter(value -> !allowed.contains(value)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(Messages.text(locale, "lists.unknownValues",
                    String.join(", ", unknown), String.join(", ", allowed)));
        }
        return values.toArray(String[]::new);
    }
}
