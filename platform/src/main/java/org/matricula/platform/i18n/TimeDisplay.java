package org.matricula.platform.i18n;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern PATTERN_PART = Pattern.compile("([A-Za-z])\\1*|[^A-Za-z]+");
    private static final Map<String, String> SQL_FIELDS = Map.of("yyyy", "YYYY", "MM", "MM", "dd", "DD", "HH", "HH24",
            "mm", "MI", "ss", "SS");

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

    /**
     * A PostgreSQL expression writing the timestamp {@code sql} as {@link #dateTime} does, for
     * output the database produces on its own (the CSV export's COPY).
     */
    public static String sqlDateTime(Locale locale, String sql) {
        return "to_char(" + sql + " AT TIME ZONE " + sqlZone() + ", '"
                + sqlPattern(Messages.pattern(locale, "format.dateTime")) + "')";
    }

    /**
     * The configured zone as a PostgreSQL expression for {@code AT TIME ZONE}, for queries that
     * count by the days people see (the dashboard's days), whatever the session's own zone.
     */
    public static String sqlZone() {
        ZoneId shown = zone.normalized();
        // PostgreSQL reads a bare '+03:00' as a POSIX zone, west of Greenwich: an offset goes as an interval.
        return shown instanceof ZoneOffset offset ? "INTERVAL '" + offset.getId() + "'" : "'" + shown.getId() + "'";
    }

    /** A java.time pattern of the letters the bundles use, as a PostgreSQL to_char pattern. */
    static String sqlPattern(String pattern) {
        StringBuilder sql = new StringBuilder();
        Matcher parts = PATTERN_PART.matcher(pattern);
        while (parts.find()) {
            String part = parts.group();
            String field = SQL_FIELDS.get(part);
            if (field != null) {
                sql.append(field);
            } else if (part.chars().allMatch(c -> " .,:/-".indexOf(c) >= 0)) {
                sql.append(part);
            } else {
                throw new IllegalArgumentException("The date pattern '" + pattern + "' uses '" + part
                        + "', which the CSV export cannot write; use yyyy, MM, dd, HH, mm, ss and . , : / - or spaces");
            }
        }
        return sql.toString();
    }

    private static DateTimeFormatter formatter(Locale locale, String key) {
        return DateTimeFormatter.ofPattern(Messages.pattern(locale, key), locale);
    }
}
