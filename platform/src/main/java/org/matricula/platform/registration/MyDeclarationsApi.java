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
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** The applicant's declarations as JSON: what the office pages do, for other clients. */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/api/v1/me/declarations")
@Produces(MediaType.APPLICATION_JSON)
public final class MyDeclarationsApi {

    private final Declarations declarations;
    private final Catalog catalog;
    private final DeclarationPdfs pdfs;
    private final Documents documents;

    private final Accounts accounts;

    public MyDeclarationsApi(Declarations declarations, Catalog catalog, DeclarationPdfs pdfs, Documents documents,
            Accounts accounts) {
        this.accounts = accounts;
        this.declarations = declarations;
        this.catalog = catalog;
        this.pdfs = pdfs;
        this.documents = documents;
    }

    /**
     * A declaration to submit: the project's path, the program's code and the form values; where
     * the program requires it, {@code acceptOffer: true}; optionally an organization's enrolment code.
     */
    public record NewDeclaration(String project, String program, Map<String, String> values, Boolean acceptOffer,
            String enrolmentCode) {

        public NewDeclaration(String project, String program, Map<String, String> values) {
            this(project, program, values, null, null);
        }
    }

    @GET
    public List<DeclarationJson> list(@Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return declarations.ofAccount(SignedIn.apiUser(request).id()).stream()
                .map(declaration -> DeclarationJson.of(declaration, locale)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(NewDeclaration body, @QueryParam("lang") String lang,
            @Context ContainerRequestContext request) {
        CurrentUser user = SignedIn.apiUser(request);
        Locale locale = Language.of(lang, request);
        if (body == null || body.project() == null) {
            throw InvalidInputException.field("project", Messages.text(locale, "registration.nameProject"));
        }
        Project project = catalog.projectBySlug(body.project()).filter(Project::active)
                .orElseThrow(() -> InvalidInputException.field("project",
                        Messages.text(locale, "registration.noOpenProject", body.project())));
        Declaration declaration = declarations.submit(new Declarations.Applicant(user.id(), user.email(),
                        user.mayDeclare(), user.isStaff()), project,
                body.program() == null ? "" : body.program(), body.values() == null ? Map.of() : body.values(),
                locale, new Declarations.Agreement(Boolean.TRUE.equals(body.acceptOffer()), body.enrolmentCode()));
        return Response.created(URI.create("/api/v1/me/declarations/" + declaration.id()))
                .entity(DeclarationJson.of(declaration, locale)).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> one(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        Declaration declaration = declarations.own(SignedIn.apiUser(request).id(), id);
        return Map.of("declaration", DeclarationJson.of(declaration, Language.of(request)),
                "history", declarations.history(id));
    }

    @GET
    @Path("/{id}/pdf")
    @Produces("application/pdf")
    public Response pdf(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        Declaration declaration = declarations.own(SignedIn.apiUser(request).id(), id);
        return DocumentDownload.pdf(declaration, pdfs.render(declaration));
    }

    @POST
    @Path("/{id}/withdraw")
    public DeclarationJson withdraw(@PathParam("id") UUID id, @QueryParam("comment") String comment,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        return DeclarationJson.of(declarations.withdraw(SignedIn.apiUser(request).id(), id, comment, locale), locale);
    }

    @GET
    @Path("/{id}/documents")
    public List<StoredDocument> documents(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        declarations.own(SignedIn.apiUser(request).id(), id);
        return documents.of(id);
    }

    /**
     * Uploads the signed scan: a PDF, JPEG or PNG recognised by its content, up to 10 MB; while the
     * declaration is neither decided nor withdrawn, and up to {@link Documents#MAX_PER_DECLARATION} files.
     */
    @POST
    @Path("/{id}/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, @FormDataParam("file") InputStream file,
            @FormDataParam("file") FormDataContentDisposition disposition) {
        CurrentUser user = SignedIn.apiUser(request);
        Locale locale = Language.of(lang, headers);
        Documents.requireApplicantMayChange(declarations.own(user.id(), id), locale);
        StoredDocument stored = documents.store(id, file, disposition, user.id(), locale);
        return Response.created(URI.create("/api/v1/me/declarations/" + id + "/documents/" + stored.id()))
                .entity(stored).build();
    }

    @GET
    @Path("/{id}/documents/{documentId}")
    @Produces({"application/pdf", "image/jpeg", "image/png"})
    public Response document(@PathParam("id") UUID id, @PathParam("documentId") UUID documentId,
            @Context ContainerRequestContext request) {
        declarations.own(SignedIn.apiUser(request).id(), id);
        return DocumentDownload.of(documents, id, documentId);
    }
}
