package org.matricula.api.form;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.matricula.api.LocalizedText;

/** The declarative checks of one visible, filled field, in order; the first failure wins. */
final class FieldRules {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}([.,]\\d{1,6})?");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*");
    /** Fields' own patterns, compiled once: a form's fields are checked on every submission. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final Set<String> CHECKBOX_VALUES = Set.of("true", "on", "yes", "false", "off", "no");

    private FieldRules() {
    }

    static Optional<LocalizedText> check(Field field, String value) {
        Optional<LocalizedText> typeError = checkType(field, value);
        if (typeError.isPresent()) {
            return typeError;
        }
        int length = value.codePointCount(0, value.length());
        if (field.minLength() != null && length < field.minLength()) {
            return message("«" + field.label().ru() + "»: не короче " + field.minLength() + " символов (сейчас " + length + ")",
                    field.label().en() + ": at least " + field.minLength() + " characters (now " + length + ")");
        }
        if (field.maxLength() != null && length > field.maxLength()) {
            return message("«" + field.label().ru() + "»: не длиннее " + field.maxLength() + " символов (сейчас " + length + ")",
                    field.label().en() + ": at most " + field.maxLength() + " characters (now " + length + ")");
        }
        if (field.pattern() != null && !PATTERNS.computeIfAbsent(field.pattern(), Pattern::compile).matcher(value).matches()) {
            return Optional.of(field.patternMessage() != null ? field.patternMessage()
                    : LocalizedText.of("«" + field.label().ru() + "»: неверный формат", field.label().en() + ": invalid format"));
        }
        if (field.isWholeNumber() && !WHOLE_NUMBER.matcher(value).matches()) {
            return message("«" + field.label().ru() + "»: введите целое число", field.label().en() + ": enter a whole number");
        }
        if (field.type() == FieldType.NUMBER) {
            BigDecimal number = new BigDecimal(value.replace(',', '.'));
            if (field.min() != null && number.compareTo(BigDecimal.valueOf(field.min())) < 0) {
                return message("«" + field.label().ru() + "»: не меньше " + field.min(), field.label().en() + ": at least " + field.min());
            }
            if (field.max() != null && number.compareTo(BigDecimal.valueOf(field.max())) > 0) {
                return message("«" + field.label().ru() + "»: не больше " + field.max(), field.label().en() + ": at most " + field.max());
            }
        }
        for (FieldValidator validator : field.validators()) {
            Optional<LocalizedText> error = validator.check(value);
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }

    private static Optional<LocalizedText> checkType(Field field, String value) {
        return switch (field.type()) {
            case EMAIL -> Validators.email().check(value);
            case PHONE -> Validators.russianPhone().check(value);
            case DATE -> isDate(value) ? Optional.empty()
                    : message("Укажите дату в формате ГГГГ-ММ-ДД", "Enter the date as YYYY-MM-DD");
            case NUMBER -> isNumber(value) ? Optional.empty() : message("Введите число", "Enter a number");
            case SELECT -> isOption(field, value) ? Optional.empty()
                    : message("Выберите значение из списка", "Choose a value from the list");
            case MULTI_SELECT -> Arrays.stream(LIST_SEPARATOR.split(value)).allMatch(v -> isOption(field, v))
                    ? Optional.empty() : message("Выберите значения из списка", "Choose values from the list");
            case CHECKBOX -> CHECKBOX_VALUES.contains(value.toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : message("Неверное значение флажка", "Invalid checkbox value");
            default -> Optional.empty();
        };
    }

    private static boolean isOption(Field field, String value) {
        return field.options().stream().anyMatch(option -> option.value().equals(value));
    }

    static boolean isDate(String value) {
        return date(value).isPresent();
    }

    /** An ISO date; the usual YYYY-MM-DD read by hand, as the formatter is the dearer part of checking a form. */
    static Optional<LocalDate> date(String value) {
        if (value.length() == 10 && value.charAt(4) == '-' && value.charAt(7) == '-') {
            int year = digits(value, 0, 4);
            int month = digits(value, 5, 7);
            int day = digits(value, 8, 10);
            return year >= 0 && month >= 1 && month <= 12 && day >= 1
                    && day <= Month.of(month).length(Year.isLeap(year))
                    ? Optional.of(LocalDate.of(year, month, day)) : Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The ASCII digits from {@code start} to {@code end} as a number, or -1 if any is not one. */
    private static int digits(String value, int start, int end) {
        int number = 0;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static boolean isNumber(String value) {
        return NUMBER.matcher(value).matches();
    }

    static Optional<LocalizedText> message(String ru, String en) {
        return Optional.of(LocalizedText.of(ru, en));
    }
}
