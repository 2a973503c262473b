package org.matricula.platform.lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.statement.Query;

/**
 * The SQL of one list query. Every piece of SQL text comes from the list's definition; the admin's
 * values (filters, search, paging) are bound as parameters.
 */
final class ListSql {

    private static final int MAX_WORDS = 5;

    private ListSql() {
    }

    /**
     * One page of rows, with the row id first and the chosen columns after it as c0, c1, ... When
     * the order is on the table's own columns, the page's ids are found first, on the table alone,
     * which an index can answer without reading the rows skipped by the offset; only the page's
     * rows are then read and joined.
     */
    static String select(ListQuery query) {
        ListDefinition definition = query.definition();
        String columns = IntStream.range(0, query.columns().size())
                .mapToObj(i -> query.columns().get(i).select() + " AS c" + i).collect(Collectors.joining(", "));
        String rows = "SELECT " + definition.id() + " AS row_id, " + columns + " FROM " + definition.from();
        if (!definition.onTable(definition.id()) || !definition.onTable(query.sort().sort())) {
            return rows + where(query) + orderBy(query) + " LIMIT :limit OFFSET :offset";
        }
        return rows + " WHERE " + definition.id() + " IN (SELECT " + definition.id() + " FROM " + definition.table()
                + where(query) + orderBy(query) + " LIMIT :limit OFFSET :offset)" + orderBy(query);
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
        List<String> searched = query.definition().searched();
        List<String> words = searched.isEmpty() ? List.of() : words(query);
        for (int i = 0; i < words.size(); i++) {
            String parameter = " ILIKE :q" + i + " ESCAPE '!'";
            conditions.add(searched.stream().map(expression -> expression + parameter)
                    .collect(Collectors.joining(" OR ", "(", ")")));
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * The search text's words, each to be found in one of the searched expressions, in any order.
     * Matched one by one, a rare word is looked up in the trigram index and a common one (a first
     * name every other applicant shares) only checked on the rows found, where matching the whole
     * text at once would walk the common word's whole index entry. Past a few words, the rest is
     * matched as one piece.
     */
    static List<String> words(ListQuery query) {
        return query.search().isBlank() ? List.of() : List.of(query.search().trim().split("\\s+", MAX_WORDS));
    }

    /** The values {@link #where} refers to, by parameter name: text, numbers, dates, or arrays of them. */
    static Map<String, Object> parameters(ListQuery query) {
        Map<String, Object> values = new LinkedHashMap<>();
        query.filters().forEach((filter, value) -> values.put(filter.bindName(), value));
        List<String> words = query.definition().searched().isEmpty() ? List.of() : words(query);
        for (int i = 0; i < words.size(); i++) {
            values.put("q" + i, "%" + escapeLike(words.get(i)) + "%");
        }
        if (!query.scope().seesEverything()) {
            values.putAll(query.scope().parameters());
        }
        return values;
    }

    static Query bind(Query statement, ListQuery query) {
        parameters(query).forEach((name, value) -> {
            if (value instanceof Object[] array) {
                statement.bindArray(name, array.getClass().getComponentType(), array);
            } else {
                statement.bind(name, value);
            }
        });
        return statement;
    }

    /**
     * Makes the admin's text match literally: % and _ are wildcards in LIKE. The escape is ! rather
     * than a backslash, which Jdbi's SQL parser would take for its own escape inside the literal.
     */
    static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
