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
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.glassfish.jersey.media.multipart.FormDataParam;
import org.matricula.platform.accounts.Accounts;
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

/** The applicant's private office: their declarations, statuses, history, PDFs, scans, withdrawal. */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/office")
@Produces(MediaType.TEXT_HTML)
public final class OfficePages {

    private final Declarations declarations;
    private final Accounts accounts;
    private final Documents documents;
    private final DeclarationPdfs pdfs;
    private final Views views;
    private final DeclarationRecord records;

    public OfficePages(Declarations declarations, Accounts accounts, Documents documents, DeclarationPdfs pdfs,
            DeclarationRecord records, Views views) {
        this.records = records;
        this.declarations = declarations;
        this.accounts = accounts;
        this.documents = documents;
        this.pdfs = pdfs;
        this.views = views;
    }

    @GET
    public String list(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        List<DeclarationView> mine = declarations.ofAccount(user.id()).stream()
                .map(declaration -> DeclarationView.of(declaration, locale)).toList();
        return views.render("office", Page.of(Messages.text(locale, "office.title"), locale, user)
                .with("declarations", mine)
                .with("any", !mine.isEmpty())
                .with("unverified", !user.verified())
                .scope());
    }

    @GET
    @Path("/declarations/{id}")
    public Response detail(@PathParam("id") UUID id, @QueryParam("submitted") String submitted,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        Declaration declaration = declarations.own(user.id(), id);
        // The parameter stays in the address after the submission; a later visit by a bookmark or the
        // history, once the declaration is decided or withdrawn, must not announce it as new.
        boolean justSubmitted = submitted != null && declaration.status().asSubmitted();
        return Response.ok(detailPage(declaration, justSubmitted, Map.of(), user, locale)).build();
    }

    @GET
    @Path("/declarations/{id}/pdf")
    @Produces("application/pdf")
    public Response pdf(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        Declaration declaration = declarations.own(SignedIn.user(request).id(), id);
        return DocumentDownload.pdf(declaration, pdfs.render(declaration));
    }

    @POST
    @Path("/declarations/{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response withdraw(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, jakarta.ws.rs.core.MultivaluedMap<String, String> posted) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        try {
            declarations.withdraw(user.id(), id, FormValues.of(posted).getOrDefault("comment", ""), locale);
            Flash.put(request, "flash.withdrawn");
            return Response.seeOther(URI.create("/office/declarations/" + id)).build();
        } catch (InvalidInputException refused) {
            return Response.status(422).entity(detailPage(declarations.own(user.id(), id), false,
                    FormValues.errorsByField(refused.errors()), user, locale)).build();
        }
    }

    @POST
    @Path("/declarations/{id}/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @FormDataParam("file") InputStream file,
            @FormDataParam("file") FormDataContentDisposition disposition) {
        CurrentUser user = SignedIn.user(request);
        Locale locale = Language.of(lang, headers);
        Declaration declaration = declarations.own(user.id(), id);
        Documents.requireApplicantMayChange(declaration, locale);
        try {
            documents.store(id, file, disposition, user.id(), locale);
            Flash.put(request, "flash.documentUploaded");
            return Response.seeOther(URI.create("/office/declarations/" + id)).build();
        } catch (InvalidInputException refused) {
            return Response.status(422).entity(detailPage(declaration, false,
                    FormValues.errorsByField(refused.errors()), user, locale)).build();
        }
    }

    @GET
    @Path("/declarations/{id}/documents/{documentId}")
    public Response document(@PathParam("id") UUID id, @PathParam("documentId") UUID documentId,
            @Context ContainerRequestContext request) {
        declarations.own(SignedIn.user(request).id(), id);
        return DocumentDownload.of(documents, id, documentId);
    }

    /** The applicant deletes a file they uploaded, while the declaration is not yet decided. */
    @POST
    @Path("/declarations/{id}/documents/{documentId}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteDocument(@PathParam("id") UUID id, @PathParam("documentId") UUID documentId,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.user(request);
        Documents.requireApplicantMayChange(declarations.own(user.id(), id), Language.of(lang, headers));
        documents.deleteOwn(id, documentId, user.id());
        Flash.put(request, "flash.documentDeleted");
        return Response.seeOther(URI.create("/office/declarations/" + id)).build();
    }

    private String detailPage(Declaration declaration, boolean justSubmitted, Map<String, String> errors,
            CurrentUser user, Locale locale) {
        var held = documents.of(declaration.id());
        boolean changeable = declaration.status().withdrawable();
        // the form only where an upload can be taken; else the reason instead of a refusal after choosing a file
        String uploadNote = !changeable ? Messages.text(locale, "office.declaration.decidedKeepsDocuments")
                : held.size() >= Documents.MAX_PER_DECLARATION
                        ? Messages.text(locale, "registration.tooManyDocuments", Documents.MAX_PER_DECLARATION)
                        : null;
        return views.render("office-declaration", Page.of(declaration.number(), locale, user)
                .with("d", DeclarationView.of(declaration, locale))
                .with("submitted", justSubmitted)
                // the page's own notice says the declaration went in; the post's "saved" would repeat it
                .withoutFlashWhen(justSubmitted)
                .with("history", HistoryView.of(declarations.history(declaration.id()), locale))
                .with("documents", DocumentView.of(held, changeable, locale))
                .with("uploadable", uploadNote == null)
                .with("uploadNote", uploadNote)
                .with("record", records.sections(declaration, locale))
                .with("withdrawable", declaration.status().withdrawable())
                .with("fileError", errors.get("file"))
                .with("statusError", errors.get("status"))
                .scope());
    }
}
