package org.matricula.platform.lists;

import java.util.Locale;
import org.matricula.api.LocalizedText;

/**
 * One column an admin list can show and sort by. The SQL comes from code, never from a request:
 * a request only picks columns by key among those its list defines.
 *
 * @param key the stable name used in query parameters, saved views and JSON
 * @param label the header shown to the admin
 * @param select the SQL expression shown, as text
 * @param sort the SQL expression ordered by, e.g. the timestamp behind a formatted date
 * @param neverNull whether the sort expression is never NULL (a NOT NULL column): then it is
 *     ordered without {@code NULLS LAST}, so that one plain index serves both directions
 */
public record ListColumn(String key, LocalizedText label, String select, String sort, boolean neverNull) {

    /** A column whose sort expression may be NULL: empty values sort last either way. */
    public ListColumn(String key, LocalizedText label, String select, String sort) {
        this(key, label, select, sort, false);
    }

    /** A column shown and sorted by the same expression. */
    public static ListColumn of(String key, LocalizedText label, String sql) {
        return new ListColumn(key, label, sql, sql);
    }

    /** A timestamp column, shown in minutes in the server's time zone and sorted chronologically. */
    public static ListColumn timestamp(String key, LocalizedText label, String sql) {
        return new ListColumn(key, label, "to_char(" + sql + ", 'YYYY-MM-DD HH24:MI')", sql);
    }

    /** The same column over an expression that is never NULL. */
    public ListColumn notNull() {
        return new ListColumn(key, label, select, sort, true);
    }

    public String label(Locale locale) {
        return label.in(locale);
    }
}
