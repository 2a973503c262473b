package org.matricula.platform.lists;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.matricula.platform.i18n.Label;
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
 * @param valueLabels for a column of codes (a role, a status, a choice of a form), each code's name
 *     for people: pages, JSON and CSV show the name, never the code; empty for none
 * @param group the group the column chooser shows it in (a form's section), or null for the
 *     list's own columns
 */
public record ListColumn(String key, Label label, String select, String sort, boolean neverNull, boolean moment,
        Map<String, Label> valueLabels, Label group) {

    public ListColumn {
        valueLabels = Map.copyOf(valueLabels);
    }

    /** A column whose sort expression may be NULL: empty values sort last either way. */
    public ListColumn(String key, Label label, String select, String sort) {
        this(key, label, select, sort, false, false, Map.of(), null);
    }

    /** A column shown and sorted by the same expression. */
    public static ListColumn of(String key, Label label, String sql) {
        return new ListColumn(key, label, sql, sql);
    }

    /** A timestamp column, shown as {@link TimeDisplay} tells and sorted chronologically. */
    public static ListColumn timestamp(String key, Label label, String sql) {
        return new ListColumn(key, label, sql, sql, false, true, Map.of(), null);
    }

    /**
     * A name kept per language ({@code names} a jsonb object by language tag, {@code fallback} the
     * default language's): shown and sorted in the reader's language, else the default one.
     */
    public static ListColumn perLanguage(String key, Label label, String names, String fallback) {
        return of(key, label, inReadersLanguage(names, fallback));
    }

    /** The SQL of a name in the reader's language, for filters' choices too. */
    public static String inReadersLanguage(String names, String fallback) {
        return "COALESCE(NULLIF(" + names + " ->> :" + ListSql.LANGUAGE + ", ''), " + fallback + ")";
    }

    /**
     * The SQL of a name kept in a Russian and an English column: the Russian one for Russian readers,
     * the English one for all others; for filters' choices too.
     */
    public static String russianOrEnglish(String russian, String english) {
        return "CASE WHEN :" + ListSql.LANGUAGE + " = 'ru' THEN " + russian + " ELSE " + english + " END";
    }

    /** The same column over an expression that is never NULL. */
    public ListColumn notNull() {
        return new ListColumn(key, label, select, sort, true, moment, valueLabels, group);
    }

    /** The same column showing each code by its label under {@code prefix + code} in the bundles. */
    public ListColumn labelledBy(String prefix, Collection<String> codes) {
        Map<String, Label> labels = new LinkedHashMap<>();
        codes.forEach(code -> labels.put(code, Label.of(prefix + code)));
        return labelledBy(labels);
    }

    /** The same column showing each code by the given label; codes not among them show as they are. */
    public ListColumn labelledBy(Map<String, Label> labels) {
        return new ListColumn(key, label, select, sort, neverNull, moment, labels, group);
    }

    /** The same column, shown in the column chooser under {@code group}. */
    public ListColumn in(Label chooserGroup) {
        return new ListColumn(key, label, select, sort, neverNull, moment, valueLabels, chooserGroup);
    }

    public String label(Locale locale) {
        return label.in(locale);
    }

    /** A value as the reader sees it; a moment comes from the database as an ISO instant. */
    public String shown(String value, Locale locale) {
        if (value != null && !valueLabels.isEmpty()) {
            Label named = valueLabels.get(value);
            return named == null ? value : named.in(locale);
        }
        return moment && value != null ? TimeDisplay.dateTime(locale, Instant.parse(value)) : value;
    }

    /** The code behind a value, for badges and styling: the raw value of a labelled column, else null. */
    public String code(String value) {
        return value != null && valueLabels.containsKey(value) ? value : null;
    }

    /**
     * The expression of the CSV export, which PostgreSQL's COPY writes without the server
     * touching a row: there a moment is formatted by the database, after the same rule, and a
     * code becomes its label through a CASE of literals written here from the bundles.
     */
    public String exported(Locale locale) {
        if (!valueLabels.isEmpty()) {
            return "CASE " + select + " " + valueLabels.entrySet().stream()
                    .map(entry -> "WHEN " + literal(entry.getKey()) + " THEN " + literal(entry.getValue().in(locale)))
                    .collect(Collectors.joining(" ")) + " ELSE " + select + " END";
        }
        return moment ? TimeDisplay.sqlDateTime(locale, select) : select;
    }

    /** A SQL string literal (standard_conforming_strings is on, the default since PostgreSQL 9.1). */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

}
