package org.matricula.platform.lists;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/** Reads one request's list parameters, collecting a problem per bad parameter instead of stopping at the first. */
final class ListQueryReader {

    private final ListDefinition definition;
    private final Map<String, List<String>> raw;
    private final Locale locale;
    private final List<FieldProblem> problems = new ArrayList<>();

    ListQueryReader(ListDefinition definition, Map<String, List<String>> raw, Locale locale) {
        this.definition = definition;
        this.raw = raw;
        this.locale = locale;
    }

    List<ListColumn> columns() {
        List<String> keys = ListQuery.keys(values("columns"));
        List<String> unknown = keys.stream().filter(key -> definition.column(key).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            fail("columns", Messages.text(locale, "lists.noSuchColumns", String.join(", ", unknown)));
        }
        List<ListColumn> chosen = keys.stream().flatMap(key -> definition.column(key).stream()).toList();
        return chosen.isEmpty() ? definition.defaults() : chosen;
    }

    /** The chosen sort column, or null for the list's default. */
    ListColumn sort() {
        String key = single("sort");
        if (key.isEmpty()) {
            return null;
        }
        return definition.column(key).orElseGet(() -> {
            fail("sort", Messages.text(locale, "lists.cannotSortBy", key));
            return null;
        });
    }

    /** Descending when asked; without a direction, the given fallback. */
    boolean descending(boolean fallback) {
        String dir = single("dir");
        if (!dir.isEmpty() && !dir.equals("asc") && !dir.equals("desc")) {
            fail("dir", Messages.text(locale, "lists.directionAscOrDesc"));
        }
        return dir.isEmpty() ? fallback : dir.equals("desc");
    }

    /** A number brought into range when it is out of it (too many rows asked for get the most there are); not a number is a problem. */
    int clamped(String name, int fallback, int min, int max) {
        String value = single(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return (int) Math.max(min, Math.min(max, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            fail(name, Messages.text(locale, "lists.expectedNumberBetween", min, max));
            return fallback;
        }
    }

    Map<ListFilter, Object> filters() {
        Map<ListFilter, Object> applied = new LinkedHashMap<>();
        for (ListFilter filter : definition.filters()) {
            List<String> given = values(filter.parameter()).stream().filter(value -> !value.isBlank()).toList();
            if (!given.isEmpty()) {
                try {
                    applied.put(filter, filter.value(given, locale));
                } catch (IllegalArgumentException e) {
                    fail(filter.parameter(), e.getMessage());
                }
            }
        }
        return applied;
    }

    String single(String name) {
        List<String> given = values(name);
        return given.isEmpty() ? "" : given.get(0).trim();
    }

    /** The given parameters among the list's own, with blank values dropped. */
    Map<String, List<String>> accepted(List<String> names) {
        Map<String, List<String>> accepted = new LinkedHashMap<>();
        names.forEach(name -> {
            List<String> kept = values(name).stream().filter(value -> !value.isBlank()).map(String::trim).toList();
            if (!kept.isEmpty()) {
                accepted.put(name, name.equals("columns") ? List.of(String.join(",", ListQuery.keys(kept))) : kept);
            }
        });
        return accepted;
    }

    List<FieldProblem> problems() {
        return problems;
    }

    private List<String> values(String name) {
        return raw.getOrDefault(name, List.of());
    }

    private void fail(String parameter, String message) {
        problems.add(ListQuery.problem(parameter, message));
    }
}
