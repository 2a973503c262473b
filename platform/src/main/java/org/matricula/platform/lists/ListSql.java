package org.matricula.platform.lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The SQL of one list query. Every piece of SQL text comes from the list's definition; the admin's
 * values (filters, search, paging) are bound as parameters.
 */
final class ListSql {

    /** The parameter holding the ids of ticked rows. */
    static final String SELECTED = "list_selected";
    /**
     * The parameter holding the reader's language tag: a column showing a name kept per language
     * reads it, e.g. {@code COALESCE(pr.name_i18n ->> :list_lang, pr.name)}.
     */
    static final String LANGUAGE = "list_lang";
    /** The parameter holding the ids of every row a search found. */
    static final String FOUND = "list_found";

    private ListSql() {
    }

    /**
     * One page of rows, with the row id first and the chosen columns after it as c0, c1, ... When
     * the order is on the table's own columns, the page's ids are found first, on the table alone,
     * which an index can answer without reading the rows skipped by the offset; only the page's
     * rows are then read and joined.
     */
    static String select(ListQuery query) {
        return select(query, where(query));
    }

    /**
     * The rows of the ids a search found (see {@link #found}), bound as {@code :list_found}: one
     * page of them, as {@link #select} would show it.
     */
    static String selectFound(ListQuery query) {
        return select(query, " WHERE " + query.definition().id() + " = ANY(:" + FOUND + ")");
    }

    /**
     * The ids of the filtered rows, up to {@code :count_limit}, on the table alone: what {@link
     * #count} counts, for a search whose rows are few enough to be shown from their ids.
     */
    static String found(ListQuery query) {
        return "SELECT " + query.definition().id() + " FROM " + query.definition().table() + where(query)
                + " LIMIT :count_limit";
    }

    private static String select(ListQuery query, String where) {
        ListDefinition definition = query.definition();
        String columns = IntStream.range(0, query.columns().size())
                .mapToObj(i -> query.columns().get(i).select() + " AS c" + i).collect(Collectors.joining(", "));
        String rows = "SELECT " + definition.id() + " AS row_id, " + columns + " FROM " + definition.from();
        if (!definition.onTable(definition.id()) || !definition.onTable(query.sort().sort())) {
            return rows + where + orderBy(query) + " LIMIT :limit OFFSET :offset";
        }
        return rows + " WHERE " + definition.id() + " IN (SELECT " + definition.id() + " FROM " + definition.table()
                + where + orderBy(query) + " LIMIT :limit OFFSET :offset)" + orderBy(query);
    }

    /**
     * The filtered rows counted up to {@code :count_limit}, on the table alone: without the joins
     * an index holding the filtered columns can count by itself.
     */
    static String count(ListQuery query) {
        return "SELECT count(*) FROM (SELECT 1 FROM " + query.definition().table() + where(query)
                + " LIMIT :count_limit) counted";
    }

    /**
     * The sort column, then the row id in the same direction: ties in the sort column (the same
     * name, the same minute) keep one order from page to page, so no row shows twice or never.
     * Empty values go last; a column that has none is ordered plainly, which an index on
     * (column, id) serves read forwards or backwards.
     */
    static String orderBy(ListQuery query) {
        String direction = query.descending() ? "DESC" : "ASC";
        String nulls = query.sort().neverNull() ? "" : " NULLS LAST";
        return " ORDER BY " + query.sort().sort() + " " + direction + nulls + ", " + query.definition().id() + " "
                + direction;
    }

    static String where(ListQuery query) {
        List<String> conditions = new ArrayList<>();
        if (!query.scope().seesEverything()) {
            conditions.add("(" + query.scope().condition() + ")");
        }
        query.filters().keySet().forEach(filter -> conditions.add("(" + filter.condition() + ")"));
        if (!query.selected().isEmpty()) {
            conditions.add("(CAST(" + query.definition().id() + " AS text) = ANY(:" + SELECTED + "))");
        }
        conditions.addAll(ListSearch.of(query).conditions());
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** The values {@link #where} refers to, by parameter name: text, numbers, dates, or arrays of them. */
    static Map<String, Object> parameters(ListQuery query) {
        Map<String, Object> values = new LinkedHashMap<>();
        query.filters().forEach((filter, value) -> values.put(filter.bindName(), value));
        values.putAll(ListSearch.of(query).parameters());
        if (!query.selected().isEmpty()) {
            values.put(SELECTED, query.selected().toArray(String[]::new));
        }
        values.put(LANGUAGE, query.language());
        if (!query.scope().seesEverything()) {
            values.putAll(query.scope().parameters());
        }
        return values;
    }

    static Query bind(Query statement, ListQuery query) {
        // The language is bound for the columns that read it; the count and many pages have none.
        statement.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        parameters(query).forEach((name, value) -> {
            if (value instanceof Object[] array) {
                statement.bindArray(name, array.getClass().getComponentType(), array);
            } else {
                statement.bind(name, value);
            }
        });
        return statement;
    }
}
