package org.matricula.platform.catalog;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import org.matricula.platform.http.Roles;
import org.matricula.platform.families.Families;
import org.matricula.platform.web.Views;

/**
 * The admin's project pages: list and create, edit, delete ({@link ProjectProgramPages} adds and
 * removes the programs a project offers).
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/projects")
public final class ProjectAdminPages extends CatalogAdminPages<Project, ProjectForm> {

    public ProjectAdminPages(Catalog catalog, Families families, Views views) {
        super(kind(catalog, new ProjectPages(catalog, families, views)));
    }

    private static Kind<Project, ProjectForm> kind(Catalog catalog, ProjectPages pages) {
        return new Kind<>("/admin/projects", pages::list, pages::edit, ProjectForm::empty, ProjectForm::of,
                ProjectForm::posted, catalog::project, (id, form, locale) -> (id == null
                        ? catalog.createProject(form.input(), locale) : catalog.updateProject(id, form.input(), locale)).id(),
                catalog::deleteProject);
    }
}
