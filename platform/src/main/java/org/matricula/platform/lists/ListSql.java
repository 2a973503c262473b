package org.matricula.platform.lists;

import java.util.ArrayList;
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

    private ListSql() {
    }

    /** The rows, with the row id first and the chosen columns after it as c0, c1, ... */
    static String select(ListQuery query, boolean paged) {
        ListDefinition definition = query.definition();
        String columns = IntStream.range(0, query.columns().size())
                .mapToObj(i -> query.columns().get(i).select() + " AS c" + i).collect(Collectors.joining(", "));
        String direction = query.descending() ? "DESC" : "ASC";
        return "SELECT " + definition.id() + " AS row_id, " + columns + " FROM " + definition.from() + where(query)
                + " ORDER BY " + query.sort().sort() + " " + direction + " NULLS LAST, " + definition.id() + " "
                + direction + (paged ? " LIMIT :limit OFFSET :offset" : "");
    }

    static String count(ListQuery query) {
        return "SELECT count(*) FROM " + query.definition().from() + where(query);
    }

    static Query bind(Query statement, ListQuery query) {
        for (Map.Entry<ListFilter, Object> filter : query.filters().entrySet()) {
            if (filter.getValue() instanceof String[] values) {
                statement.bindArray(filter.getKey().bindName(), String.class, (Object[]) values);
            } else {
                statement.bind(filter.getKey().bindName(), filter.getValue());
            }
        }
        if (!query.search().isEmpty()) {
            statement.bind("q", "%" + escapeLike(query.search()) + "%");
        }
        if (!query.scope().seesEverything()) {
            statement.bind("scope_organization", query.scope().organization());
            statement.bindArray("scope_projects", Long.class, query.scope().projects().toArray());
        }
        return statement;
    }

    /**
     * Makes the admin's text match literally: % and _ are wildcards in LIKE. The escape is ! rather
     * than a backslash, which Jdbi's SQL parser would take for its own escape inside the literal.
     */
    static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static String where(ListQuery query) {
        List<String> conditions = new ArrayList<>();
        if (!query.scope().seesEverything()) {
            conditions.add("(" + query.scope().condition() + ")");
        }
        query.filters().keySet().forEach(filter -> conditions.add("(" + filter.condition() + ")"));
        List<String> searched = query.definition().searched();
        if (!query.search().isEmpty() && !searched.isEmpty()) {
            conditions.add(searched.stream().map(expression -> expression + " ILIKE :q ESCAPE '!'")
                    .collect(Collectors.joining(" OR ", "(", ")")));
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
}
