package org.matricula.platform.catalog;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;

/** The curator form of a program's admin page; it goes back to the page (303). */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/programs/{id: [0-9]+}/curator")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public final class ProgramCuratorPages {

    private final Catalog catalog;
    private final ProgramPages pages;

    ProgramCuratorPages(Catalog catalog, ProgramPages pages) {
        this.catalog = catalog;
        this.pages = pages;
    }

    /**
     * Sets the curator; one that names no staff account comes back as the program page with the
     * message by the field.
     */
    @POST
    public Response set(@Context ContainerRequestContext request, @PathParam("id") long id,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, MultivaluedMap<String, String> posted) {
        CurrentUser admin = AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        Locale locale = Language.of(lang, headers);
        try {
            catalog.curators().set(id, posted.getFirst("curator"), locale);
        } catch (InvalidInputException refused) {
            Program program = catalog.program(id);
            return Response.status(InvalidInputException.UNPROCESSABLE).type(MediaType.TEXT_HTML_TYPE)
                    .entity(pages.edit(admin, locale, program, ProgramForm.of(program),
                            FormValues.errorsByField(refused.errors()))).build();
        }
        Flash.put(request, "flash.saved");
        return Response.seeOther(URI.create("/admin/programs/" + id)).build();
    }
}
