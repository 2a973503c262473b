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
        List<ListFilter.Option> bulkStatuses, CreateLink create) {

    /** A link of each row: {@code prefix + id + suffix}, named {@code label}. */
    public record RowAction(String id, Label label, String prefix, String suffix) {
    }

    /** The page that adds a row to the list, linked above it; none where rows come from elsewhere. */
    public record CreateLink(String href, Label label) {
    }

    public ListScreen {
        rowActions = List.copyOf(rowActions);
        bulkStatuses = List.copyOf(bulkStatuses);
    }

    public ListScreen(String path, String tableId, Label title, String rowLink, List<RowAction> rowActions,
            List<ListFilter.Option> bulkStatuses) {
        this(path, tableId, title, rowLink, rowActions, bulkStatuses, null);
    }

    public ListScreen(String path, String tableId, Label title, String rowLink) {
        this(path, tableId, title, rowLink, List.of(), List.of());
    }

    /** The same screen with a link to the page that adds a row. */
    public ListScreen creatingAt(String href, Label label) {
        return new ListScreen(path, tableId, title, rowLink, rowActions, bulkStatuses, new CreateLink(href, label));
    }
}
