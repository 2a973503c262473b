package org.matricula.platform.lists;

import java.util.List;
import org.matricula.platform.i18n.Label;

/**
 * Where a list's admin page lives and how it looks.
 *
 * @param path the page's path; {@code .csv}, {@code /view} and {@code /bulk} next to it export,
 *     save views and act on ticked rows
 * @param tableId the id of the table element, stable for browser tests
 * @param rowLink the path each row links to with its id appended, or empty for no links
 * @param rowActions the links each row offers in its last cell
 * @param bulkStatuses the statuses the ticked rows may be moved to at once, with their names;
 *     empty when the list offers no such action (exporting the ticked rows is always offered)
 */
public record ListScreen(String path, String tableId, Label title, String rowLink, List<RowAction> rowActions,
        List<ListFilter.Option> bulkStatuses) {

    /** A link of each row: {@code prefix + id + suffix}, named {@code label}. */
    public record RowAction(String id, Label label, String prefix, String suffix) {
    }

    public ListScreen {
        rowActions = List.copyOf(rowActions);
        bulkStatuses = List.copyOf(bulkStatuses);
    }

    public ListScreen(String path, String tableId, Label title, String rowLink) {
        this(path, tableId, title, rowLink, List.of(), List.of());
    }
}
