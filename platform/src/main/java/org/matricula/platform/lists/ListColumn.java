package org.matricula.platform.lists;

import java.time.Instant;
import java.util.Locale;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

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
 * @param moment whether the column is a point in time: read as such, and shown in the configured
 *     zone and the reader's format ({@link TimeDisplay})
 * @param valueLabels for a column of codes (a role, a status), the bundle key prefix that names
 *     each code for people ({@code role.} shows {@code ADMIN} as {@code role.ADMIN}); empty for none
 */
public record ListColumn(String key, Label label, String select, String sort, boolean neverNull, boolean moment,
        String valueLabels) {

    /** A column whose sort expression may be NULL: empty values sort last either way. */
    public ListColumn(String key, Label label, String select, String sort) {
        this(key, label, select, sort, false, false, "");
    }

    /** A column shown and sorted by the same expression. */
    public static ListColumn of(String key, Label label, String sql) {
        return new ListColumn(key, label, sql, sql);
    }

    /** A timestamp column, shown as {@link TimeDisplay} tells and sorted chronologically. */
    public static ListColumn timestamp(String key, Label label, String sql) {
        return new ListColumn(key, label, sql, sql, false, true, "");
    }

    /** The same column over an expression that is never NULL. */
    public ListColumn notNull() {
        return new ListColumn(key, label, select, sort, true, moment, valueLabels);
    }

    /** The same column showing each code by its label under {@code prefix + code} in the bundles. */
    public ListColumn labelledBy(String prefix) {
        return new ListColumn(key, label, select, sort, neverNull, moment, prefix);
    }

    public String label(Locale locale) {
        return label.in(locale);
    }

    /** A value as the reader sees it; a moment comes from the database as an ISO instant. */
    public String shown(String value, Locale locale) {
        if (value != null && !valueLabels.isEmpty()) {
            return Messages.text(locale, valueLabels + value);
        }
        return moment && value != null ? TimeDisplay.dateTime(locale, Instant.parse(value)) : value;
    }

    /**
     * The expression of the CSV export, which PostgreSQL's COPY writes without the server
     * touching a row: there a moment is formatted by the database, after the same rule.
     */
    public String exported(Locale locale) {
        return moment ? TimeDisplay.sqlDateTime(locale, select) : select;
    }
}
