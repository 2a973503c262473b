package org.matricula.platform.i18n;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.matricula.platform.config.Settings;

/**
 * How dates and times are shown: in the one configured time zone ({@code app.time-zone}) and in
 * the language's own date and date-time formats ({@code format.date}, {@code format.dateTime} in
 * the bundles). Stored times stay UTC; only what a person reads is converted.
 *
 * <p>The zone is the process's, like the JVM's default zone: set once at start from the
 * configuration, before any page, list, mail or PDF is made.
 */
public final class TimeDisplay {

    private static volatile ZoneId zone = ZoneId.of(Settings.APP_TIME_ZONE.defaultValue());

    private TimeDisplay() {
    }

    public static void useZone(ZoneId configured) {
        zone = configured;
    }

    public static ZoneId zone() {
        return zone;
    }

    /** A moment as the language writes a date and time, in the configured zone; empty for none. */
    public static String dateTime(Locale locale, Instant instant) {
        return instant == null ? "" : formatter(locale, "format.dateTime").withZone(zone).format(instant);
    }

    /** A calendar day as the language writes it; empty for none. */
    public static String date(Locale locale, LocalDate date) {
        return date == null ? "" : formatter(locale, "format.date").format(date);
    }

    /** The calendar day a moment falls on in the configured zone. */
    public static LocalDate day(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    private static DateTimeFormatter formatter(Locale locale, String key) {
        return DateTimeFormatter.ofPattern(Messages.pattern(locale, key), locale);
    }
}
