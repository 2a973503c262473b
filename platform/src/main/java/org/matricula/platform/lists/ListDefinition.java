package org.matricula.platform.lists;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an admin list is made of: the rows' table and the joins that only bring in shown values,
 * the columns to choose from, the filters, and the expressions the search box looks in. Built in
 * code by each feature. Filters, search and scope refer to the table alone, so that counting the
 * rows and finding a page's rows never need the joins.
 *
 * @param name the list's name, under which admins' views are saved
 * @param table the SQL of the table with its alias, e.g. {@code declarations d}
 * @param joins the SQL joins after the table, each matching exactly one row, or empty
 * @param id the SQL expression identifying a row, for links to its page
 * @param columns every column the list can show, in their natural order
 * @param defaultColumns the keys shown when the admin has not chosen
 * @param defaultSort the key sorted by when the admin has not chosen
 * @param searched the text expressions the search box matches, case-insensitively
 * @param searchedEmail the one of {@code searched} that holds an e-mail address as the CRM keeps
 *     it (one {@code @}), looked up by its local part's end (see {@link ListSearch}), or null
 * @param searchRules how words of a given shape are matched instead, the first rule taking a word
 */
public record ListDefinition(String name, String table, String joins, String id, List<ListColumn> columns,
        List<String> defaultColumns, String defaultSort, boolean defaultDescending, List<ListFilter> filters,
        List<String> searched, String searchedEmail, List<ListSearchRule> searchRules) {

    public ListDefinition {
        columns = List.copyOf(columns);
        defaultColumns = List.copyOf(defaultColumns);
        filters = List.copyOf(filters);
        searched = List.copyOf(searched);
        searchRules = List.copyOf(searchRules);
        if (searchedEmail != null && !searched.contains(searchedEmail)) {
            throw new IllegalArgumentException("The e-mail expression is not searched: " + searchedEmail);
        }
    }

    public ListDefinition(String name, String table, String joins, String id, List<ListColumn> columns,
            List<String> defaultColumns, String defaultSort, boolean defaultDescending, List<ListFilter> filters,
            List<String> searched) {
        this(name, table, joins, id, columns, defaultColumns, defaultSort, defaultDescending, filters, searched, null,
                List.of());
    }

    /**
     * The same list, a searched word with an {@code @} being looked up in {@code expression} by the
     * end of the address's local part: an index on {@code reverse(lower(split_part(expression, '@',
     * 1))) text_pattern_ops} finds the few addresses ending so, where the trigram index walks the
     * entries of trigrams every address shares ({@code @ex}, {@code .or}).
     */
    public ListDefinition withSearchedEmail(String expression) {
        return new ListDefinition(name, table, joins, id, columns, defaultColumns, defaultSort, defaultDescending,
                filters, searched, expression, searchRules);
    }

    /** The same list with words of the rules' shapes matched by the rules. */
    public ListDefinition withSearchRules(ListSearchRule... rules) {
        return new ListDefinition(name, table, joins, id, columns, defaultColumns, defaultSort, defaultDescending,
                filters, searched, searchedEmail, List.of(rules));
    }

    /** The SQL after {@code FROM}: the table and its joins. */
    public String from() {
        return joins.isBlank() ? table : table + " " + joins;
    }

    /** Whether the expression is a bare column of the table, e.g. {@code d.full_name}. */
    boolean onTable(String expression) {
        String alias = table.substring(table.trim().lastIndexOf(' ') + 1);
        return Pattern.matches(Pattern.quote(alias) + "\\.[a-z_][a-z0-9_]*", expression);
    }

    public Optional<ListColumn> column(String key) {
        return columns.stream().filter(column -> column.key().equals(key)).findFirst();
    }

    public List<ListColumn> defaults() {
        return defaultColumns.stream().map(key -> column(key).orElseThrow()).toList();
    }
}
