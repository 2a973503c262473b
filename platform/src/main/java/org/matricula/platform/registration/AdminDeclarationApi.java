package org.matricula.platform.registration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.glassfish.jersey.media.multipart.FormDataParam;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/** A declaration for admins as JSON: its data, documents, history, and status changes. */
@RolesAllowed(Roles.STAFF)
@Path("/api/v1/admin/declarations/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminDeclarationApi {

    private final Declarations declarations;
    private final StaffDeclarations staff;
    private final Documents documents;

    public AdminDeclarationApi(Declarations declarations, StaffDeclarations staff, Documents documents) {
        this.declarations = declarations;
        this.staff = staff;
        this.documents = documents;
    }

    /** A status change: the new status and a comment for the history and the applicant's mail. */
    public record StatusChange(String status, String comment) {
    }

    @GET
    public Map<String, Object> show(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        Declaration declaration = staff.toRead(AdminAccess.staff(request), id);
        return Map.of("declaration", DeclarationJson.of(declaration, Language.of(request)),
                "history", declarations.history(id),
                "documents", documents.of(id),
                "nextStatuses", declaration.status().next().stream().map(Status::name).sorted().toList());
    }

    @RolesAllowed({Roles.ADMIN, Roles.PROJECT_ADMIN})
    @POST
    @Path("/status")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeclarationJson changeStatus(@PathParam("id") UUID id, StatusChange change,
            @Context ContainerRequestContext request) {
        staff.toChange(AdminAccess.staff(request), id);
        if (change == null) {
            throw InvalidInputException.field("status", Messages.text(Language.of(request), "registration.sendStatus"));
        }
        UUID actor = CurrentUser.of(request).map(CurrentUser::id).orElse(null);
        return DeclarationJson.of(declarations.changeStatus(id, Status.parse(change.status(), Language.of(request)),
                change.comment(), actor, Language.of(request)), Language.of(request));
    }

    /** Adds a document (a PDF, JPEG or PNG recognised by its content, up to 10 MB). */
    @RolesAllowed({Roles.ADMIN, Roles.PROJECT_ADMIN})
    @POST
    @Path("/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @FormDataParam("file") InputStream file,
            @FormDataParam("file") FormDataContentDisposition disposition) {
        staff.toChange(AdminAccess.staff(request), id);
        StoredDocument stored = documents.store(id, file, disposition,
                CurrentUser.of(request).map(CurrentUser::id).orElse(null), Language.of(lang, headers));
        return Response.status(Response.Status.CREATED).entity(stored).build();
    }

    @GET
    @Path("/documents/{documentId}")
    @Produces({"application/pdf", "image/jpeg", "image/png"})
    public Response document(@PathParam("id") UUID id, @PathParam("documentId") UUID documentId,
            @Context ContainerRequestContext request) {
        staff.toRead(AdminAccess.staff(request), id);
        return DocumentDownload.of(documents, id, documentId);
    }

    @RolesAllowed({Roles.ADMIN, Roles.PROJECT_ADMIN})
    @DELETE
    @Path("/documents/{documentId}")
    public Response deleteDocument(@PathParam("id") UUID id, @PathParam("documentId") UUID documentId,
            @Context ContainerRequestContext request) {
        staff.toChange(AdminAccess.staff(request), id);
        documents.delete(id, documentId);
        return Response.noContent().build();
    }

    @GET
    @Path("/history")
    public List<HistoryEntry> history(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        staff.toRead(AdminAccess.staff(request), id);
        return declarations.history(id);
    }
}
