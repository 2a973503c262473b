package org.matricula.platform.lists;

import org.matricula.platform.i18n.Label;

/**
 * Where a list's admin page lives and how it looks.
 *
 * @param path the page's path; {@code .csv} and {@code /view} next to it export and save views
 * @param tableId the id of the table element, stable for browser tests
 * @param rowLink the path each row links to with its id appended, or empty for no links
 */
public record ListScreen(String path, String tableId, Label title, String rowLink) {
}
