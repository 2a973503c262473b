package org.matricula.platform.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatements;
import org.matricula.platform.web.Scope;

/** The filter inputs of a list page with their current values: text, date, drop-down or checkboxes. */
final class ListFilterViews {

    private final Jdbi jdbi;

    ListFilterViews(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<Map<String, Object>> of(ListQuery query, Locale locale) {
        return query.definition().filters().stream().map(filter -> view(filter, query, locale)).toList();
    }

    private Map<String, Object> view(ListFilter filter, ListQuery query, Locale locale) {
        List<String> current = query.parameters().getOrDefault(filter.parameter(), List.of());
        Map<String, Object> view = new HashMap<>();
        view.put("parameter", filter.parameter());
        view.put("label", filter.label().in(locale));
        view.put("value", current.isEmpty() ? "" : current.get(0));
        if (filter.kind() == ListFilter.Kind.ANY_OF) {
            view.put("checks", true);
            view.put("options", options(filter.allowed().stream().map(value -> List.of(value, filter.options()
                    .stream().filter(option -> option.value().equals(value)).findFirst()
                    .map(option -> option.label().in(locale)).orElse(value))).toList(), current));
        } else if (!filter.options().isEmpty()) {
            view.put("select", true);
            view.put("options", options(filter.options().stream()
                    .map(option -> List.of(option.value(), option.label().in(locale))).toList(), current));
        } else if (!filter.choices().isEmpty()) {
            view.put("select", true);
            view.put("options", options(choices(filter.choices(), query.scope(), query.language()), current));
        } else if (filter.kind() == ListFilter.Kind.DATE) {
            view.put("date", true);
        } else {
            view.put("text", true);
        }
        return view;
    }

    /** The choices' SQL may narrow them to the admin's scope with {@code <projectScope>} on {@code projects pr}. */
    private List<List<String>> choices(String sql, Scope scope, String language) {
        return jdbi.withHandle(handle -> {
            Query choices = handle.createQuery(sql);
            if (sql.contains(":" + ListSql.LANGUAGE)) {
                choices.bind(ListSql.LANGUAGE, language);
            }
            if (sql.contains("<projectScope>")) {
                choices.define("projectScope", scope.projectCondition("pr.id")).bindMap(scope.parameters())
                        .configure(SqlStatements.class, statements -> statements.setUnusedBindingAllowed(true));
            }
            return choices.map((rs, context) -> List.of(rs.getString(1), rs.getString(2))).list();
        });
    }

    private static List<Map<String, Object>> options(List<List<String>> pairs, List<String> current) {
        return pairs.stream().map(pair -> Map.<String, Object>of("value", pair.get(0), "label", pair.get(1),
                "selected", current.contains(pair.get(0)))).toList();
    }
}
