package org.matricula.platform.lists;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One row of a list: its id, for a link to its page, and the chosen columns' values as text. */
public record ListRow(String id, List<String> values) {

    /** The values as the reader sees them, by column key, in column order; an absent value stays null. */
    public Map<String, String> byKey(List<ListColumn> columns, Locale locale) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byKey.put(columns.get(i).key(), columns.get(i).shown(values.get(i), locale));
        }
        return byKey;
    }
}
