package org.matricula.platform.catalog;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.Views;

/** The admin's program pages: list (with places taken and left) and create, edit, delete. */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/programs")
public final class ProgramAdminPages extends CatalogAdminPages<Program, ProgramForm> {

    public ProgramAdminPages(Catalog catalog, Views views) {
        super(kind(catalog, new ProgramPages(catalog, views)));
    }

    private static Kind<Program, ProgramForm> kind(Catalog catalog, ProgramPages pages) {
        return new Kind<>("/admin/programs", pages::list, pages::edit, ProgramForm::empty, ProgramForm::of,
                ProgramForm::posted, catalog::program, (id, form, locale) -> (id == null
                        ? catalog.createProgram(form.input(), locale) : catalog.updateProgram(id, form.input(), locale)).id(),
                catalog::deleteProgram);
    }
}
