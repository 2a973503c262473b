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
import org.matricula.platform.errors.InvalidInputException;
import java.util.Locale;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;

/** The add and remove buttons of a project's program list; each goes back to the project page (303). */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/projects/{id}/programs")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public final class ProjectProgramPages {

    private final Catalog catalog;
    private final ProjectPages pages;

    ProjectProgramPages(Catalog catalog, ProjectPages pages) {
        this.catalog = catalog;
        this.pages = pages;
    }

    /**
     * Adds the chosen program; a choice that names none comes back as the project page with the
     * message by the field.
     */
    @POST
    public Response add(@Context ContainerRequestContext request, @PathParam("id") long id,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, MultivaluedMap<String, String> posted) {
        CurrentUser admin = AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        Locale locale = Language.of(lang, headers);
        try {
            catalog.link(id, programId(posted.getFirst("programId"), locale));
        } catch (InvalidInputException refused) {
            Project project = catalog.project(id);
            return Response.status(InvalidInputException.UNPROCESSABLE).type(MediaType.TEXT_HTML_TYPE)
                    .entity(pages.edit(admin, locale, project, ProjectForm.of(project),
                            FormValues.errorsByField(refused.errors()))).build();
        }
        return backTo(id);
    }

    @POST
    @Path("{programId}/delete")
    public Response remove(@Context ContainerRequestContext request, @PathParam("id") long id,
            @PathParam("programId") long programId, MultivaluedMap<String, String> posted) {
        AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        catalog.unlink(id, programId);
        return backTo(id);
    }

    private static long programId(String value, Locale locale) {
        try {
            return Long.parseLong(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("programId", Messages.text(locale, "admin.project.chooseProgram"));
        }
    }

    private static Response backTo(long projectId) {
        return Response.seeOther(URI.create("/admin/projects/" + projectId)).build();
    }
}
