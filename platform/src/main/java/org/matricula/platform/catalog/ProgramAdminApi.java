package org.matricula.platform.catalog;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Language;

/** Programs over JSON, for admins; writes need the session's CSRF header. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/programs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ProgramAdminApi {

    private final Catalog catalog;

    public ProgramAdminApi(Catalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<ProgramJson> list(@Context ContainerRequestContext request) {
        AdminAccess.admin(request);
        return catalog.programs().stream().map(ProgramJson::of).toList();
    }

    @POST
    public Response create(@Context ContainerRequestContext request, ProgramInput input) {
        AdminAccess.writingAdmin(request, null);
        Program created = catalog.createProgram(orEmpty(input), Language.of(request));
        return Response.created(URI.create("/api/v1/admin/programs/" + created.id()))
                .entity(ProgramJson.of(created)).build();
    }

    @GET
    @Path("{id}")
    public ProgramJson get(@Context ContainerRequestContext request, @PathParam("id") long id) {
        AdminAccess.admin(request);
        return ProgramJson.of(catalog.program(id));
    }

    @PUT
    @Path("{id}")
    public ProgramJson update(@Context ContainerRequestContext request, @PathParam("id") long id, ProgramInput input) {
        AdminAccess.writingAdmin(request, null);
        return ProgramJson.of(catalog.updateProgram(id, orEmpty(input), Language.of(request)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") long id) {
        AdminAccess.writingAdmin(request, null);
        catalog.deleteProgram(id);
        return Response.noContent().build();
    }

    // An empty body is checked like an empty form, so it answers 422 per field rather than 500.
    private static ProgramInput orEmpty(ProgramInput input) {
        return input != null ? input : new ProgramInput(null, null, null, null, null, null);
    }
}
