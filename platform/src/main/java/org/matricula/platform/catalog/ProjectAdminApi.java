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

/** Projects and their program links over JSON, for admins; writes need the session's CSRF header. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ProjectAdminApi {

    /** A project with the programs it offers, in their order. */
    public record ProjectJson(Project project, List<ProgramJson> programs) {
    }

    private final Catalog catalog;

    public ProjectAdminApi(Catalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public List<Project> list(@Context ContainerRequestContext request) {
        AdminAccess.admin(request);
        return catalog.projects();
    }

    @POST
    public Response create(@Context ContainerRequestContext request, ProjectInput input) {
        AdminAccess.writingAdmin(request, null);
        Project created = catalog.createProject(orEmpty(input), Language.of(request));
        return Response.created(URI.create("/api/v1/admin/projects/" + created.id())).entity(details(created)).build();
    }

    @GET
    @Path("{id}")
    public ProjectJson get(@Context ContainerRequestContext request, @PathParam("id") long id) {
        AdminAccess.admin(request);
        return details(catalog.project(id));
    }

    @PUT
    @Path("{id}")
    public ProjectJson update(@Context ContainerRequestContext request, @PathParam("id") long id, ProjectInput input) {
        AdminAccess.writingAdmin(request, null);
        return details(catalog.updateProject(id, orEmpty(input), Language.of(request)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") long id) {
        AdminAccess.writingAdmin(request, null);
        catalog.deleteProject(id);
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/programs/{programId}")
    public ProjectJson link(@Context ContainerRequestContext request, @PathParam("id") long id,
            @PathParam("programId") long programId) {
        AdminAccess.writingAdmin(request, null);
        catalog.link(id, programId);
        return details(catalog.project(id));
    }

    @DELETE
    @Path("{id}/programs/{programId}")
    public ProjectJson unlink(@Context ContainerRequestContext request, @PathParam("id") long id,
            @PathParam("programId") long programId) {
        AdminAccess.writingAdmin(request, null);
        catalog.unlink(id, programId);
        return details(catalog.project(id));
    }

    private ProjectJson details(Project project) {
        return new ProjectJson(project, catalog.programsOf(project.id()).stream().map(ProgramJson::of).toList());
    }

    // An empty body is checked like an empty form, so it answers 422 per field rather than 500.
    private static ProjectInput orEmpty(ProjectInput input) {
        return input != null ? input : new ProjectInput(null, null, null, null, null, null, null);
    }
}
