package org.matricula.platform.registration;

import jakarta.annotation.security.RolesAllowed;
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
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.glassfish.jersey.media.multipart.FormDataParam;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;
import org.matricula.platform.web.Flash;

/** A declaration as an admin works on it: all its data, documents, status changes and history. */
@RolesAllowed(Roles.STAFF)
@Path("/admin/declarations/{id: [0-9a-fA-F-]{36}}")
@Produces(MediaType.TEXT_HTML)
public final class AdminDeclarationPages {

    private final Declarations declarations;
    private final StaffDeclarations staff;
    private final Documents documents;
    private final DeclarationPdfs pdfs;
    private final DeclarationRecord records;
    private final Views views;

    public AdminDeclarationPages(Declarations declarations, StaffDeclarations staff, Documents documents,
            DeclarationPdfs pdfs, DeclarationRecord records, Views views) {
        this.declarations = declarations;
        this.staff = staff;
        this.documents = documents;
        this.pdfs = pdfs;
        this.views = views;
        this.records = records;
    }

    @GET
    public String show(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return page(staff.toRead(AdminAccess.staff(request), id), Map.of(), "", SignedIn.user(request),
                Language.of(lang, headers));
    }

    /**
     * A status change from the page. A move to a final status (rejected, withdrawn) cannot be
     * undone and mails the applicant, so it is first shown on a confirmation page, whose form
     * posts the same values with {@code confirmed=yes}; other moves apply at once.
     */
    @RolesAllowed({Roles.ADMIN, Roles.PROJECT_ADMIN})
    @POST
    @Path("/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeStatus(@PathParam("id") UUID id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        CurrentUser admin = SignedIn.user(request);
        Declaration declaration = staff.toChange(AdminAccess.staff(request), id);
        Map<String, String> values = FormValues.of(posted);
        Locale locale = Language.of(lang, headers);
        String chosen = values.getOrDefault("status", "").strip();
        String comment = values.getOrDefault("comment", "");
        try {
            if (chosen.isEmpty()) {
                throw InvalidInputException.field("status", Messages.text(locale, "admin.declaration.statusRequired"));
            }
            Status to = Status.parse(chosen, locale);
            if (to.isFinal() && declaration.status().next().contains(to) && !"yes".equals(values.get("confirmed"))) {
                return Response.ok(confirmPage(declaration, to, comment, admin, locale),
                        MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
            }
            declarations.changeStatus(id, to, comment, admin.id(), locale);
            Flash.put(request, "flash.statusChanged");
            return Response.seeOther(URI.create("/admin/declarations/" + id)).build();
        } catch (InvalidInputException refused) {
            return Response.status(422).entity(page(staff.toRead(AdminAccess.staff(request), id),
                    FormValues.errorsByField(refused.errors()), chosen, admin, locale)).build();
        }
    }

    private String confirmPage(Declaration declaration, Status to, String comment, CurrentUser admin,
            Locale locale) {
        DeclarationView view = DeclarationView.of(declaration, locale);
        return views.render("admin/declaration-status-confirm", Page.of(Messages.text(locale,
                "admin.declaration.confirmTitle", to.label().in(locale)), locale, admin)
                .with("id", declaration.id())
                .with("question", Messages.text(locale, "admin.declaration.confirmQuestion", declaration.number(),
                        view.fullName(), to.label().in(locale)))
                .with("status", to.name()).with("statusLabel", to.label().in(locale))
                .with("comment", comment.strip()).scope());
    }

    @GET
    @Path("/pdf")
    @Produces("application/pdf")
    public Response pdf(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        Declaration declaration = staff.toRead(AdminAccess.staff(request), id);
        return DocumentDownload.pdf(declaration, pdfs.render(declaration));
    }

    @RolesAllowed({Roles.ADMIN, Roles.PROJECT_ADMIN})
    @POST
    @Path("/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @FormDataParam("file") InputStream file,
            @FormDataParam("file") FormDataContentDisposition disposition) {
        CurrentUser admin = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        Declaration declaration = staff.toChange(AdminAccess.staff(request), id);
        try {
            documents.store(id, file, disposition, admin.id(), locale);
            Flash.put(request, "flash.documentUploaded");
            return Response.seeOther(URI.create("/admin/declarations/" + id)).build();
        } catch (InvalidInputException refused) {
            return Response.status(422).entity(page(declaration, FormValues.errorsByField(refused.errors()), "",
                    admin, locale)).build();
        }
    }

    @GET
    @Path("/documents/{documentId}")
    public Response document(@PathParam("id") UUID id, @PathParam("documentId") UUID documentId,
            @Context ContainerRequestContext request) {
        staff.toRead(AdminAccess.staff(request), id);
        return DocumentDownload.of(documents, id, documentId);
    }

    @RolesAllowed({Roles.ADMIN, Roles.PROJECT_ADMIN})
    @POST
    @Path("/documents/{documentId}/delete")
    public Response deleteDocument(@PathParam("id") UUID id, @PathParam("documentId") UUID documentId,
            @Context ContainerRequestContext request) {
        staff.toChange(AdminAccess.staff(request), id);
        documents.delete(id, documentId);
        Flash.put(request, "flash.documentDeleted");
        return Response.seeOther(URI.create("/admin/declarations/" + id)).build();
    }

    /** Coordinators read; platform and project admins also change (the write methods' roles). */
    private static boolean mayChange(CurrentUser admin) {
        return admin.role() != CurrentUser.Role.COORDINATOR;
    }

    /** The declaration's page; {@code chosenStatus} is the status picked in a refused change, kept in the form. */
    private String page(Declaration declaration, Map<String, String> errors, String chosenStatus, CurrentUser admin,
            Locale locale) {
        return views.render("admin/declaration", Page.of(declaration.number(), locale, admin)
                .with("d", DeclarationView.of(declaration, locale))
                .with("record", records.sections(declaration, locale))
                .with("history", HistoryView.of(declarations.history(declaration.id()), locale))
                .with("documents", DocumentView.of(documents.of(declaration.id()), mayChange(admin), locale))
                .with("mayChange", mayChange(admin))
                .with("nextStatuses", declaration.status().next().stream()
                        .map(status -> Map.of("code", status.name(), "label", status.label().in(locale),
                                "selected", status.name().equalsIgnoreCase(chosenStatus))).toList())
                .with("canChange", mayChange(admin) && !declaration.status().next().isEmpty())
                .with("statusError", errors.get("status"))
                .with("fileError", errors.get("file"))
                .with("statuses", Arrays.stream(Status.values()).map(Status::name).toList())
                .scope());
    }
}
