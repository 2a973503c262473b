package org.matricula.platform.lists;

import java.util.List;

/**
 * One page of a list and the number of rows the whole filtered list has.
 *
 * @param page the 1-based page number
 */
public record ListPage(long total, int page, int size, List<ListColumn> columns, List<ListRow> rows) {

    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }
}
