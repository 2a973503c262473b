package org.matricula.platform.catalog;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.matricula.platform.accounts.CurrentUser;
import org.matricula.platform.http.InvalidInputException;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Views;

/**
 * The admin's program pages: list (with places taken and left) and create, edit, delete.
 * Rejected input comes back with messages beside the fields (422); successful writes redirect (303).
 */
@Path("/admin/programs")
@Produces(MediaType.TEXT_HTML)
public final class ProgramAdminPages {

    private final Catalog catalog;
    private final ProgramPages pages;

    public ProgramAdminPages(Catalog catalog, Views views) {
        this.catalog = catalog;
        this.pages = new ProgramPages(catalog, views);
    }

    @GET
    public String list(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return pages.list(AdminAccess.admin(request), Language.of(lang, headers), ProgramForm.empty(), Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> posted) {
        CurrentUser admin = AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        ProgramForm form = ProgramForm.posted(posted);
        try {
            return seeOther(catalog.createProgram(form.input()).id());
        } catch (InvalidInputException invalid) {
            return Response.status(422).entity(pages.list(admin, Language.of(lang, headers), form,
                    FormValues.errorsByField(invalid.errors()))).build();
        }
    }

    @GET
    @Path("{id}")
    public String edit(@Context ContainerRequestContext request, @PathParam("id") long id,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Program program = catalog.program(id);
        return pages.edit(AdminAccess.admin(request), Language.of(lang, headers), program, ProgramForm.of(program),
                Map.of());
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, MultivaluedMap<String, String> posted) {
        CurrentUser admin = AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        Program program = catalog.program(id);
        ProgramForm form = ProgramForm.posted(posted);
        try {
            return seeOther(catalog.updateProgram(id, form.input()).id());
        } catch (InvalidInputException invalid) {
            return Response.status(422).entity(pages.edit(admin, Language.of(lang, headers), program, form,
                    FormValues.errorsByField(invalid.errors()))).build();
        }
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") long id,
            MultivaluedMap<String, String> posted) {
        AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        catalog.deleteProgram(id);
        return Response.seeOther(URI.create("/admin/programs")).build();
    }

    private static Response seeOther(long programId) {
        return Response.seeOther(URI.create("/admin/programs/" + programId)).build();
    }
}
