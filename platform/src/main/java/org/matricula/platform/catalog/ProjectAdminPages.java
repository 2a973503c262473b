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
import org.matricula.platform.registration.Families;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Views;

/**
 * The admin's project pages: list and create, edit, delete ({@link ProjectProgramPages} adds and
 * removes the programs a project offers). Rejected input comes back as the same page with messages beside the fields (422); every
 * successful write redirects (303), so reloading never posts twice.
 */
@Path("/admin/projects")
@Produces(MediaType.TEXT_HTML)
public final class ProjectAdminPages {

    private final Catalog catalog;
    private final ProjectPages pages;

    public ProjectAdminPages(Catalog catalog, Families families, Views views) {
        this.catalog = catalog;
        this.pages = new ProjectPages(catalog, families, views);
    }

    @GET
    public String list(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return pages.list(AdminAccess.admin(request), Language.of(lang, headers), ProjectForm.empty(), Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> posted) {
        CurrentUser admin = AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        ProjectForm form = ProjectForm.posted(posted);
        try {
            return seeOther(catalog.createProject(form.input()).id());
        } catch (InvalidInputException invalid) {
            return Response.status(422).entity(pages.list(admin, Language.of(lang, headers), form,
                    FormValues.errorsByField(invalid.errors()))).build();
        }
    }

    @GET
    @Path("{id}")
    public String edit(@Context ContainerRequestContext request, @PathParam("id") long id,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Project project = catalog.project(id);
        return pages.edit(AdminAccess.admin(request), Language.of(lang, headers), project, ProjectForm.of(project),
                Map.of());
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@Context ContainerRequestContext request, @PathParam("id") long id,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, MultivaluedMap<String, String> posted) {
        CurrentUser admin = AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        Project project = catalog.project(id);
        ProjectForm form = ProjectForm.posted(posted);
        try {
            return seeOther(catalog.updateProject(id, form.input()).id());
        } catch (InvalidInputException invalid) {
            return Response.status(422).entity(pages.edit(admin, Language.of(lang, headers), project, form,
                    FormValues.errorsByField(invalid.errors()))).build();
        }
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") long id,
            MultivaluedMap<String, String> posted) {
        AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        catalog.deleteProject(id);
        return Response.seeOther(URI.create("/admin/projects")).build();
    }

    private static Response seeOther(long projectId) {
        return Response.seeOther(URI.create("/admin/projects/" + projectId)).build();
    }
}
