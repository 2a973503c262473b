package org.matricula.platform.catalog;

import java.util.List;

/** An open project with the programs an applicant may choose in it. */
public record CatalogEntry(Project project, List<Program> programs) {
}
