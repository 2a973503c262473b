package org.matricula.platform.lists;

import java.util.List;
import java.util.Optional;

/**
 * What an admin list is made of: the rows' source (table and joins), the columns to choose from,
 * the filters, and the expressions the search box looks in. Built in code by each feature.
 *
 * @param name the list's name, under which admins' views are saved
 * @param from the SQL after {@code FROM}: the table and its joins
 * @param id the SQL expression identifying a row, for links to its page
 * @param columns every column the list can show, in their natural order
 * @param defaultColumns the keys shown when the admin has not chosen
 * @param defaultSort the key sorted by when the admin has not chosen
 * @param searched the text expressions the search box matches, case-insensitively
 */
public record ListDefinition(String name, String from, String id, List<ListColumn> columns,
        List<String> defaultColumns, String defaultSort, boolean defaultDescending, List<ListFilter> filters,
        List<String> searched) {

    public ListDefinition {
        columns = List.copyOf(columns);
        defaultColumns = List.copyOf(defaultColumns);
        filters = List.copyOf(filters);
        searched = List.copyOf(searched);
    }

    public Optional<ListColumn> column(String key) {
        return columns.stream().filter(column -> column.key().equals(key)).findFirst();
    }

    public List<ListColumn> defaults() {
        return defaultColumns.stream().map(key -> column(key).orElseThrow()).toList();
    }
}
