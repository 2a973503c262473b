package org.matricula.platform.errors;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * Dates read from input, held to years 1900 to 9999. ISO parsing alone accepts years PostgreSQL
 * cannot store, or stores only as its infinities (which the driver reads back as far-away dates), or
 * that overflow date arithmetic: a date outside these years is a typo, never a plan, so it is
 * refused like any unreadable date, with a message that says the range.
 */
public final class InputDates {

    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    private InputDates() {
    }

    /**
     * A well-formed date outside the range. A {@link DateTimeParseException}, so that the places
     * that catch an unreadable date refuse this one too; {@link #message} tells them apart.
     */
    public static final class OutOfRange extends DateTimeParseException {

        OutOfRange(CharSequence text) {
            super("Not a date from " + EARLIEST + " to " + LATEST, text, 0);
        }
    }

    /** An ISO date ({@code 2026-09-01}) within the range. */
    public static LocalDate date(CharSequence text) {
        return within(LocalDate.parse(text), text);
    }

    public static LocalDate date(CharSequence text, DateTimeFormatter format) {
        return within(LocalDate.parse(text, format), text);
    }

    /** An ISO local date and time ({@code 2026-09-01T10:00}) on a day within the range. */
    public static LocalDateTime dateTime(CharSequence text) {
        return within(LocalDateTime.parse(text), text);
    }

    public static LocalDateTime dateTime(CharSequence text, DateTimeFormatter format) {
        return within(LocalDateTime.parse(text, format), text);
    }

    /** An ISO date and time with its offset ({@code 2026-09-01T10:00:00+03:00}) on a day within the range. */
    public static OffsetDateTime offsetDateTime(CharSequence text) {
        OffsetDateTime value = OffsetDateTime.parse(text);
        within(value.toLocalDate(), text);
        return value;
    }

    public static LocalDate within(LocalDate date, CharSequence text) {
        if (!contains(date)) {
            throw new OutOfRange(text);
        }
        return date;
    }

    public static LocalDateTime within(LocalDateTime dateTime, CharSequence text) {
        within(dateTime.toLocalDate(), text);
        return dateTime;
    }

    public static boolean contains(LocalDate date) {
        return date != null && !date.isBefore(EARLIEST) && !date.isAfter(LATEST);
    }

    /** "A date from ... to ...", in the language asked. */
    public static String outOfRange(Locale locale) {
        return Messages.text(locale, "problem.dateOutOfRange", TimeDisplay.date(locale, EARLIEST),
                TimeDisplay.date(locale, LATEST));
    }

    /**
     * What to say about a date that could not be taken: the range when it was out of it, else the
     * caller's own message (its key and arguments), which shows the form expected.
     */
    public static String message(Locale locale, DateTimeException e, String key, Object... arguments) {
        return e instanceof OutOfRange ? outOfRange(locale) : Messages.text(locale, key, arguments);
    }
}
