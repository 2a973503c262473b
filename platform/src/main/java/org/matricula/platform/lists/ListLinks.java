package org.matricula.platform.lists;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Links within a list that keep the admin's columns, filters and search: sorting, paging, export. */
final class ListLinks {

    private final String path;
    private final Map<String, List<String>> parameters;

    ListLinks(String path, Map<String, List<String>> parameters) {
        this.path = path;
        this.parameters = parameters;
    }

    /** The link with some parameters replaced; an empty value removes the parameter. */
    String with(String suffix, Map<String, String> changes) {
        Map<String, List<String>> changed = new LinkedHashMap<>(parameters);
        changes.forEach((name, value) -> {
            if (value.isEmpty()) {
                changed.remove(name);
            } else {
                changed.put(name, List.of(value));
            }
        });
        return path + suffix + query(changed);
    }

    String sortedBy(ListQuery query, ListColumn column) {
        boolean again = query.sort().key().equals(column.key()) && !query.descending();
        return with("", Map.of("sort", column.key(), "dir", again ? "desc" : "asc", "page", ""));
    }

    String page(int page) {
        return with("", Map.of("page", String.valueOf(page)));
    }

    static String query(Map<String, List<String>> parameters) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, values) -> values.forEach(value -> joined.add(encode(name) + "=" + encode(value))));
        return joined.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
