package org.matricula.platform.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.Views;

/**
 * Renders a list page that works without JavaScript: one GET form for filters, search, columns
 * and page size, sorting and paging as links, POST forms for saved views and for the bulk actions
 * on ticked rows, and export links.
 */
final class ListPageView {

    /** The page sizes offered; any other size up to the maximum still works through the URL. */
    static final List<Integer> SIZES = List.of(10, 25, 50, 100, ListQuery.MAX_SIZE);

    private final Jdbi jdbi;
    private final Views views;

    ListPageView(Jdbi jdbi, Views views) {
        this.jdbi = jdbi;
        this.views = views;
    }

    String render(ListScreen screen, CurrentUser admin, ListQuery query, ListPage page, List<SavedViews.View> saved,
            String currentView, Locale locale) {
        ListLinks links = new ListLinks(screen.path(), query.parameters());
        Page scope = Page.of(screen.title().in(locale), locale, admin)
                .with("screen", screen).with("q", query.search()).with("size", query.size())
                .with("sizes", sizes(query.size()))
                .with("sort", query.sort().key()).with("dir", query.descending() ? "desc" : "asc")
                .with("filters", new ListFilterViews(jdbi).of(query, locale))
                .with("columnGroups", columnGroups(query, locale))
                .with("chosenCount", query.columns().size())
                .with("headers", query.columns().stream().map(column -> Map.of("label", column.label(locale),
                        "href", links.sortedBy(query, column), "sorted", column.equals(query.sort()),
                        "descending", query.descending(), "ariaSort", column.equals(query.sort())
                                ? (query.descending() ? "descending" : "ascending") : "none")).toList())
                .with("rows", rows(screen, page, locale)).with("width", query.columns().size() + 2)
                .with("total", counted(page.total(), page)).with("page", page.page())
                .with("pages", counted(page.pages(), page))
                .with("exportFiltered", links.with(".csv", Map.of("page", "")))
                .with("exportSemicolon", links.with(".csv", Map.of("page", "", "sep", "semicolon")))
                .with("exportAll", links.with(".csv", Map.of("page", "", "scope", "all")))
                .with("saved", hidden(query))
                .with("views", saved.stream().map(view -> view(screen, view, currentView, locale)).toList())
                .with("anyViews", !saved.isEmpty())
                .with("currentView", currentView == null ? null : shownName(currentView, locale))
                .with("anyActions", !screen.rowActions().isEmpty())
                .with("bulkStatuses", screen.bulkStatuses().stream().map(status -> Map.of("code", status.value(),
                        "label", status.label().in(locale))).toList())
                .with("canChangeStatus", !screen.bulkStatuses().isEmpty());
        if (screen.create() != null) {
            scope.with("create", Map.of("href", screen.create().href(), "label", screen.create().label().in(locale)));
        }
        if (page.page() > 1) {
            scope.with("previous", links.page(page.page() - 1));
        }
        if (page.hasNext()) {
            scope.with("next", links.page(page.page() + 1));
        }
        return views.render("admin/list", scope.scope());
    }

    private static List<Map<String, Object>> sizes(int current) {
        List<Integer> offered = new ArrayList<>(SIZES);
        if (!offered.contains(current)) {
            offered.add(current);
            offered.sort(Integer::compare);
        }
        return offered.stream().map(size -> Map.<String, Object>of("value", size, "selected", size == current))
                .toList();
    }

    /** The columns to choose from, grouped as the chooser shows them: the list's own first, then each form section. */
    private static List<Map<String, Object>> columnGroups(ListQuery query, Locale locale) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        String own = Messages.text(locale, "admin.list.columnsOwn");
        groups.put(own, new ArrayList<>());
        for (ListColumn column : query.definition().columns()) {
            Label group = column.group();
            String name = group == null ? own : group.in(locale);
            groups.computeIfAbsent(name, ignored -> new ArrayList<>()).add(Map.of("key", column.key(),
                    "label", column.label(locale), "checked", query.columns().contains(column)));
        }
        List<Map<String, Object>> shown = new ArrayList<>();
        groups.forEach((name, columns) -> {
            if (!columns.isEmpty()) {
                shown.add(Map.of("name", name, "columns", columns,
                        "chosen", columns.stream().filter(column -> (Boolean) column.get("checked")).count()));
            }
        });
        return shown;
    }

    private static Map<String, Object> view(ListScreen screen, SavedViews.View view, String current, Locale locale) {
        Map<String, Object> shown = new HashMap<>();
        shown.put("name", view.name());
        shown.put("label", shownName(view.name(), locale));
        shown.put("isDefault", view.isDefault());
        shown.put("current", view.name().equals(current));
        shown.put("href", screen.path() + ListLinks.query(Map.of(AdminList.VIEW, List.of(view.name()))));
        return shown;
    }

    private static String shownName(String name, Locale locale) {
        return name.isEmpty() ? Messages.text(locale, "lists.views.unnamed") : name;
    }

    /** A count as shown: "10000+" when counting stopped before the end of the list. */
    private static String counted(long count, ListPage page) {
        return page.exact() ? Long.toString(count) : count + "+";
    }

    /**
     * Each row's cells, a moment kept on one line and a code shown as a badge with its label;
     * the first cell links to the row's own page when the list has one, the last holds the row's actions.
     */
    private static List<Map<String, Object>> rows(ListScreen screen, ListPage page, Locale locale) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ListRow row : page.rows()) {
            List<Map<String, String>> cells = new ArrayList<>();
            for (int i = 0; i < row.values().size(); i++) {
                ListColumn column = page.columns().get(i);
                String raw = row.values().get(i);
                String value = column.shown(raw, locale);
                Map<String, String> cell = new HashMap<>();
                cell.put("value", value == null ? "" : value);
                String code = column.code(raw);
                if (code != null) {
                    cell.put("badge", code.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
                }
                if (column.moment()) {
                    cell.put("kind", "moment");
                }
                if (cells.isEmpty() && !screen.rowLink().isEmpty()) {
                    cell.put("link", screen.rowLink() + row.id());
                    if (cell.get("value").isBlank()) {
                        // a row with nothing in its first column (a person with no name yet) is still reachable
                        cell.put("value", Messages.text(locale, "admin.list.open"));
                    }
                }
                cells.add(cell);
            }
            List<Map<String, String>> actions = screen.rowActions().stream().map(action -> Map.of("id", action.id(),
                    "label", action.label().in(locale), "href", action.prefix() + row.id() + action.suffix()))
                    .toList();
            rows.add(Map.of("id", row.id(), "cells", cells, "actions", actions));
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
