package org.matricula.platform.lists;

import java.util.List;

/**
 * One page of a list and how many rows the whole filtered list has, counted only up to a limit:
 * an exact count of a million rows would cost more than the page itself.
 *
 * @param total the rows counted: all of them when {@code exact}, otherwise a lower bound
 * @param exact whether {@code total} is every row of the filtered list
 * @param page the 1-based page number
 */
public record ListPage(long total, boolean exact, int page, int size, List<ListColumn> columns, List<ListRow> rows) {

    /** The number of pages, or, when the count stopped early, the pages known so far. */
    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
        return (long) page * size < total;
    }
}
