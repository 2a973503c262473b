package org.matricula.platform.lists;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of a list: its id, for a link to its page, and the chosen columns' values as text. */
public record ListRow(String id, List<String> values) {

    /** The values by column key, in column order; an absent value stays null. */
    public Map<String, String> byKey(List<ListColumn> columns) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byKey.put(columns.get(i).key(), values.get(i));
        }
        return byKey;
    }
}
