package org.matricula.platform.lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Scope;

/**
 * What an admin asked a list for: columns, sort, page, filters and search, read from query
 * parameters and checked against the list's definition. Anything unknown or malformed answers
 * 422 with a message per parameter.
 *
 * @param filters each applied filter with its converted value
 * @param search the search text, or empty for none
 * @param parameters the accepted parameters, to save as a view or to carry over in links
 * @param scope the rows the admin may see at all, whatever they ask for
 * @param language the reader's language tag, bound as {@code :list_lang} for columns that show
 *     names per language
 * @param selected the ids of the rows an admin ticked, for exporting only those; empty for no such limit
 * @param commonTrigrams the trigrams most values of a searched column share, by expression, for
 *     looking a word up by its other part ({@link CommonTrigrams}); empty when not known
 */
public record ListQuery(ListDefinition definition, List<ListColumn> columns, ListColumn sort, boolean descending,
        int page, int size, Map<ListFilter, Object> filters, String search, Map<String, List<String>> parameters,
        Scope scope, String language, List<String> selected, Map<String, Set<String>> commonTrigrams) {

    public ListQuery {
        selected = List.copyOf(selected);
        commonTrigrams = Map.copyOf(commonTrigrams);
    }

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    private static final List<String> GENERAL = List.of("columns", "sort", "dir", "page", "size", "q");

    /** Whether the request names none of the list's parameters, so a saved view may stand in. */
    public static boolean isBare(ListDefinition definition, Map<String, List<String>> parameters) {
        return names(definition).stream().noneMatch(parameters::containsKey);
    }

    public static ListQuery parse(ListDefinition definition, Map<String, List<String>> raw, Locale locale) {
        ListQueryReader reader = new ListQueryReader(definition, raw, locale);
        List<ListColumn> columns = reader.columns();
        ListColumn chosenSort = reader.sort();
        ListColumn sort = chosenSort == null ? definition.column(definition.defaultSort()).orElseThrow() : chosenSort;
        boolean descending = reader.descending(chosenSort == null && definition.defaultDescending());
        // A page past the last one is brought back to the last by the reader, which knows the total.
        int page = reader.clamped("page", 1, 1, Integer.MAX_VALUE);
        int size = reader.clamped("size", DEFAULT_SIZE, 1, MAX_SIZE);
        Map<ListFilter, Object> filters = reader.filters();
        String search = reader.single("q");
        if (!reader.problems().isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "lists.checkParameters"), reader.problems());
        }
        Map<String, List<String>> accepted = reader.accepted(names(definition));
        // Carried on in links and saved views as used, not as asked: ?size=500 goes on as the maximum.
        accepted.computeIfPresent("size", (name, values) -> List.of(String.valueOf(size)));
        accepted.computeIfPresent("page", (name, values) -> List.of(String.valueOf(page)));
        return new ListQuery(definition, columns, sort, descending, page, size, filters, search, accepted, Scope.everything(), locale.getLanguage(), List.of(), Map.of());
    }

    /** The same columns and order over every row, for exporting all records. */
    public ListQuery unfiltered() {
        Map<String, List<String>> kept = new LinkedHashMap<>(parameters);
        kept.keySet().retainAll(List.of("columns", "sort", "dir", "size"));
        return new ListQuery(definition, columns, sort, descending, 1, size, Map.of(), "", kept, scope, language,
                List.of(), commonTrigrams);
    }

    /** The same query over only the rows of these ids (the rows an admin ticked), whatever the filters. */
    public ListQuery onlyRows(List<String> ids) {
        Map<String, List<String>> kept = new LinkedHashMap<>(parameters);
        kept.keySet().retainAll(List.of("columns", "sort", "dir", "size"));
        return new ListQuery(definition, columns, sort, descending, 1, size, Map.of(), "", kept, scope, language, ids,
                commonTrigrams);
    }

    /** The same query at another page: the last one, when the asked page is past it. */
    public ListQuery atPage(int number) {
        return new ListQuery(definition, columns, sort, descending, number, size, filters, search, parameters, scope,
                language, selected, commonTrigrams);
    }

    /** The same query within the rows this admin may see. */
    public ListQuery scoped(Scope within) {
        return new ListQuery(definition, columns, sort, descending, page, size, filters, search, parameters, within,
                language, selected, commonTrigrams);
    }

    /** The same query, knowing which trigrams the searched columns' values mostly share. */
    ListQuery withCommonTrigrams(Map<String, Set<String>> common) {
        return new ListQuery(definition, columns, sort, descending, page, size, filters, search, parameters, scope,
                language, selected, common);
    }

    public long offset() {
        return (long) (page - 1) * size;
    }

    private static List<String> names(ListDefinition definition) {
        List<String> names = new ArrayList<>(GENERAL);
        definition.filters().forEach(filter -> names.add(filter.parameter()));
        return names;
    }

    /** Column keys from a comma list or repeated parameters, in order and without repeats. */
    static List<String> keys(List<String> values) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        values.forEach(value -> {
            for (String key : value.split(",")) {
                if (!key.isBlank()) {
                    keys.add(key.trim());
                }
            }
        });
        return List.copyOf(keys);
    }

    static FieldProblem problem(String parameter, String message) {
        return new FieldProblem(parameter, message);
    }
}
