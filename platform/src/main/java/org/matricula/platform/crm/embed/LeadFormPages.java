package org.matricula.platform.crm.embed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The admin page that makes lead forms for websites: pick a lead source and a program, get the
 * snippet to paste (the loader script, a frame for browsers without JavaScript, and the visit
 * beacon); revoke a form after confirming.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/crm/lead-forms")
@Produces(MediaType.TEXT_HTML)
public final class LeadFormPages {

    private final LeadForms forms;
    private final LeadSources sources;
    private final Jdbi jdbi;
    private final Views views;

    LeadFormPages(LeadForms forms, LeadSources sources, Jdbi jdbi, Views views) {
        this.forms = forms;
        this.sources = sources;
        this.jdbi = jdbi;
        this.views = views;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @Context UriInfo uri) {
        return page(Language.of(request), SignedIn.user(request), uri, List.of(), 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> form, @Context ContainerRequestContext request,
            @Context UriInfo uri) {
        MultivaluedMap<String, String> posted = form == null ? new jakarta.ws.rs.core.MultivaluedHashMap<>() : form;
        Locale locale = Language.of(request);
        CurrentUser admin = SignedIn.user(request);
        long source;
        try {
            source = Long.parseLong(posted.getFirst("source"));
        } catch (NumberFormatException | NullPointerException e) {
            source = -1;
        }
        try {
            forms.create(source, posted.getFirst("program"), posted.getFirst("language"), admin.id(), locale);
        } catch (InvalidInputException invalid) {
            return page(locale, admin, uri, invalid.errors(), 422);
        }
        return Response.seeOther(URI.create("/admin/crm/lead-forms")).build();
    }

    @GET
    @Path("{id: [0-9]+}/revoke")
    public String confirmRevoke(@PathParam("id") long id, @Context ContainerRequestContext request) {
        Locale locale = Language.of(request);
        LeadForms.LeadForm form = forms.find(id).orElseThrow(() -> NotFoundException.localized("crm.embed.formMissing", id));
        return views.render("crm/lead-form-revoke", Page.of(Messages.text(locale, "crm.embed.revokeTitle"), locale,
                SignedIn.user(request)).with("form", form).scope());
    }

    @POST
    @Path("{id: [0-9]+}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") long id) {
        forms.revoke(id);
        return Response.seeOther(URI.create("/admin/crm/lead-forms")).build();
    }

    private Response page(Locale locale, CurrentUser user, UriInfo uri, List<Problem.FieldProblem> errors,
            int status) {
        String base = uri.getBaseUri().toString().replaceAll("/$", "");
        List<Map<String, Object>> shown = forms.all().stream().map(form -> Map.<String, Object>of(
                "id", form.id(), "source", form.sourceName(),
                "program", form.programName().isEmpty() ? Messages.text(locale, "crm.embed.anyProgram")
                        : form.programName(),
                "language", form.language(), "created", TimeDisplay.dateTime(locale, form.createdAt()),
                "active", form.active(), "snippet", snippet(base, form, locale))).toList();
        List<Map<String, Object>> liveSources = sources.all().stream().filter(LeadSources.Source::active)
                .map(source -> Map.<String, Object>of("id", source.id(), "name", source.name())).toList();
        List<Map<String, Object>> programs = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT code, name FROM programs WHERE active ORDER BY name").mapToMap().list())
                .stream().map(row -> Map.<String, Object>of("code", row.get("code"), "name", row.get("name"))).toList();
        List<Map<String, Object>> languages = Messages.languages().stream()
                .map(language -> Map.<String, Object>of("code", language.getLanguage())).toList();
        Page page = Page.of(Messages.text(locale, "crm.embed.adminTitle"), locale, user)
                .with("forms", shown).with("sources", liveSources).with("noSources", liveSources.isEmpty())
                .with("programs", programs).with("formLanguages", languages)
                .with("beacon", "<script src=\"" + base + "/embed/beacon.js\" data-consent=\"required\" async></script>")
                .with("errors", errors).with("hasErrors", !errors.isEmpty());
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(views.render("crm/lead-forms", page.scope())).build();
    }

    private static String snippet(String base, LeadForms.LeadForm form, Locale locale) {
        String frame = base + "/embed/forms/" + form.publicId() + "?lang=" + form.language();
        String title = Messages.text(locale, "crm.embed.title");
        return "<script src=\"" + base + "/embed/forms/" + form.publicId() + ".js\" data-lang=\"" + form.language()
                + "\" data-title=\"" + title + "\" async></script>\n<noscript><iframe src=\"" + frame
                + "\" title=\"" + title + "\" width=\"100%\" height=\"640\" style=\"border:0\"></iframe></noscript>";
    }
}
