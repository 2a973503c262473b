package org.matricula.platform.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * Renders a list page that works without JavaScript: one GET form for filters, search and
 * columns, sorting and paging as links, a POST form saving the view, and export links.
 */
final class ListPageView {

    private final Jdbi jdbi;
    private final Views views;

    ListPageView(Jdbi jdbi, Views views) {
        this.jdbi = jdbi;
        this.views = views;
    }

    String render(ListScreen screen, CurrentUser admin, ListQuery query, ListPage page, Locale locale) {
        ListLinks links = new ListLinks(screen.path(), query.parameters());
        Page scope = Page.of(screen.title().in(locale), locale, admin)
                .with("screen", screen).with("q", query.search()).with("size", query.size())
                .with("sort", query.sort().key()).with("dir", query.descending() ? "desc" : "asc")
                .with("filters", new ListFilterViews(jdbi).of(query, locale))
                .with("choosable", query.definition().columns().stream().map(column -> Map.of("key", column.key(),
                        "label", column.label(locale), "checked", query.columns().contains(column))).toList())
                .with("headers", query.columns().stream().map(column -> Map.of("label", column.label(locale),
                        "href", links.sortedBy(query, column), "sorted", column.equals(query.sort()),
                        "descending", query.descending())).toList())
                .with("rows", rows(screen, page, locale)).with("width", query.columns().size())
                .with("total", counted(page.total(), page)).with("page", page.page())
                .with("pages", counted(page.pages(), page))
                .with("exportFiltered", links.with(".csv", Map.of("page", "")))
                .with("exportSemicolon", links.with(".csv", Map.of("page", "", "sep", "semicolon")))
                .with("exportAll", links.with(".csv", Map.of("page", "", "scope", "all")))
                .with("saved", hidden(query));
        if (page.page() > 1) {
            scope.with("previous", links.page(page.page() - 1));
        }
        if (page.hasNext()) {
            scope.with("next", links.page(page.page() + 1));
        }
        return views.render("admin/list", scope.scope());
    }

    /** A count as shown: "10000+" when counting stopped before the end of the list. */
    private static String counted(long count, ListPage page) {
        return page.exact() ? Long.toString(count) : count + "+";
    }

    /** Each row's cells; the first links to the row's own page when the list has one. */
    private static List<Map<String, Object>> rows(ListScreen screen, ListPage page, Locale locale) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ListRow row : page.rows()) {
            List<Map<String, String>> cells = new ArrayList<>();
            for (int i = 0; i < row.values().size(); i++) {
                String value = page.columns().get(i).shown(row.values().get(i), locale);
                Map<String, String> cell = new HashMap<>();
                cell.put("value", value == null ? "" : value);
                if (cells.isEmpty() && !screen.rowLink().isEmpty()) {
                    cell.put("link", screen.rowLink() + row.id());
                }
                cells.add(cell);
            }
            rows.add(Map.of("cells", cells));
        }
        return rows;
    }

    /** The current parameters as hidden fields, so saving a view saves what the admin sees. */
    private static List<Map<String, String>> hidden(ListQuery query) {
        List<Map<String, String>> fields = new ArrayList<>();
        query.parameters().forEach((name, values) -> values.stream().filter(value -> !name.equals("page"))
                .forEach(value -> fields.add(Map.of("name", name, "value", value))));
        return fields;
    }
}
