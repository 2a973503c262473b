package org.matricula.api.form;

import static org.matricula.api.form.FieldRules.date;
import static org.matricula.api.form.FieldRules.message;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validators for values every Russian university form asks for, each written once, with
 * messages in Russian and English.
 *
 * @since 1.0.0
 */
public final class Validators {

    private static final Pattern CYRILLIC_NAME = Pattern.compile("[А-ЯЁа-яё]+([ '’-][А-ЯЁа-яё]+)*");
    private static final Pattern LATIN_NAME = Pattern.compile("[A-Za-z]+([ '’-][A-Za-z]+)*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s()\\-]");
    private static final Pattern RUSSIAN_PHONE = Pattern.compile("(\\+7|8)\\d{10}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern PASSPORT_SERIES = Pattern.compile("\\d{2} ?\\d{2}");
    private static final Pattern PASSPORT_NUMBER = Pattern.compile("\\d{6}");
    private static final int MAX_NAME_LENGTH = 60;

    private Validators() {
    }

    /** Last, first or middle name: Cyrillic or Latin letters, not mixed, up to 60 characters. @since 1.0.0 */
    public static FieldValidator personName() {
        return value -> {
            int length = value.codePointCount(0, value.length());
            if (length > MAX_NAME_LENGTH) {
                // Told apart from the alphabet rule: a long name of good letters needs shortening, not other letters.
                return message("Не длиннее " + MAX_NAME_LENGTH + " символов (сейчас " + length + ")",
                        "At most " + MAX_NAME_LENGTH + " characters (now " + length + ")");
            }
            return CYRILLIC_NAME.matcher(value).matches() || LATIN_NAME.matcher(value).matches()
                    ? Optional.empty()
                    : message("Только буквы одного алфавита (кириллица или латиница), пробел, дефис или апостроф",
                            "Letters of one alphabet only (Cyrillic or Latin), space, hyphen or apostrophe");
        };
    }

    /** @since 1.0.0 */
    public static FieldValidator email() {
        return value -> value.length() <= 254 && EMAIL.matcher(value).matches() ? Optional.empty()
                : message("Введите адрес электронной почты, например ivanov@example.ru",
                        "Enter an email address, e.g. ivanov@example.com");
    }

    /** A Russian phone number: +7 or 8 and ten digits; spaces, dashes and brackets allowed. @since 1.0.0 */
    public static FieldValidator russianPhone() {
        return value -> RUSSIAN_PHONE.matcher(PHONE_SEPARATORS.matcher(value).replaceAll("")).matches()
                ? Optional.empty()
                : message("Введите номер в формате +7 XXX XXX-XX-XX", "Enter the number as +7 XXX XXX-XX-XX");
    }

    /**
     * The phone in one form, {@code +7XXXXXXXXXX}; the value as given when it is not a Russian number.
     *
     * @since 1.0.0
     */
    public static String normalizePhone(String value) {
        String digits = PHONE_SEPARATORS.matcher(value.trim()).replaceAll("");
        if (!RUSSIAN_PHONE.matcher(digits).matches()) {
            return value;
        }
        return "+7" + digits.substring(digits.length() - 10);
    }

    /** A birth date giving an age between the bounds today. @since 1.0.0 */
    public static FieldValidator birthDate(int minAge, int maxAge) {
        return birthDate(minAge, maxAge, Clock.systemDefaultZone());
    }

    /** @since 1.0.0 */
    public static FieldValidator birthDate(int minAge, int maxAge, Clock clock) {
        return value -> {
            Optional<LocalDate> date = date(value);
            if (date.isEmpty()) {
                return message("Укажите дату в формате ГГГГ-ММ-ДД", "Enter the date as YYYY-MM-DD");
            }
            int age = Period.between(date.get(), LocalDate.now(clock)).getYears();
            return age >= minAge && age <= maxAge && !date.get().isAfter(LocalDate.now(clock)) ? Optional.empty()
                    : message("Возраст должен быть от " + minAge + " до " + maxAge + " лет",
                            "Age must be between " + minAge + " and " + maxAge);
        };
    }

    /** A year from {@code min} to this year plus {@code maxYearsAhead}. @since 1.0.0 */
    public static FieldValidator yearBetween(int min, int maxYearsAhead) {
        return yearBetween(min, maxYearsAhead, Clock.systemDefaultZone());
    }

    /** @since 1.0.0 */
    public static FieldValidator yearBetween(int min, int maxYearsAhead, Clock clock) {
        return value -> {
            int max = LocalDate.now(clock).getYear() + maxYearsAhead;
            return YEAR.matcher(value).matches() && Integer.parseInt(value) >= min && Integer.parseInt(value) <= max
                    ? Optional.empty()
                    : message("Укажите год от " + min + " до " + max, "Enter a year from " + min + " to " + max);
        };
    }

    /** A date not after today. @since 1.0.0 */
    public static FieldValidator notInFuture() {
        return notInFuture(Clock.systemDefaultZone());
    }

    /** @since 1.0.0 */
    public static FieldValidator notInFuture(Clock clock) {
        return value -> date(value).filter(d -> !d.isAfter(LocalDate.now(clock))).isPresent() ? Optional.empty()
                : message("Дата не может быть в будущем", "The date cannot be in the future");
    }

    /**
     * Only digits, from {@code min} to {@code max} of them.
     *
     * @throws IllegalArgumentException when {@code min} is negative or greater than {@code max}, so that
     *                                  a plugin's mistake shows when its form is made, with the numbers
     * @since 1.0.0
     */
    public static FieldValidator digits(int min, int max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("digits(" + min + ", " + max + "): the least count must be from 0"
                    + " to the greatest");
        }
        Pattern digits = Pattern.compile("\\d{" + min + "," + max + "}");
        return value -> digits.matcher(value).matches() ? Optional.empty()
                : min == max ? message("Введите " + min + " цифр", "Enter " + min + " digits")
                : message("Введите от " + min + " до " + max + " цифр", "Enter " + min + " to " + max + " digits");
    }

    /** Passport series: four digits, a space allowed in the middle. @since 1.0.0 */
    public static FieldValidator passportSeries() {
        return value -> PASSPORT_SERIES.matcher(value).matches() ? Optional.empty()
                : message("Серия паспорта — 4 цифры, например 65 12", "The passport series is 4 digits, e.g. 65 12");
    }

    /** Passport number: six digits. @since 1.0.0 */
    public static FieldValidator passportNumber() {
        return value -> PASSPORT_NUMBER.matcher(value).matches() ? Optional.empty()
                : message("Номер паспорта — 6 цифр", "The passport number is 6 digits");
    }

    /** SNILS with its check number. @since 1.0.0 */
    public static FieldValidator snils() {
        return value -> Checksums.isValidSnils(value) ? Optional.empty()
                : message("Неверный СНИЛС: 11 цифр, контрольное число должно сходиться (XXX-XXX-XXX YY)",
                        "Invalid SNILS: 11 digits with a matching check number (XXX-XXX-XXX YY)");
    }

    /** INN of an organization (10 digits) or a person (12 digits), with check digits. @since 1.0.0 */
    public static FieldValidator inn() {
        return value -> Checksums.isValidInn(value) ? Optional.empty()
                : message("Неверный ИНН: 10 или 12 цифр с верными контрольными цифрами",
                        "Invalid INN: 10 or 12 digits with matching check digits");
    }
}
