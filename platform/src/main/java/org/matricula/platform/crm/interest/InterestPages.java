package org.matricula.platform.crm.interest;

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
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * Pre-applications and community activity: a program's pre-applicants and their mailing when it
 * opens; a person's pre-applications and activity entered by managers; an applicant's own interest
 * in programs not open yet, in their office.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public final class InterestPages {

    private static final String ID = "{id: [0-9a-fA-F-]{36}}";

    private final Interest interest;
    private final Views views;

    public InterestPages(Interest interest, Views views) {
        this.interest = interest;
        this.views = views;
    }

    @GET
    @Path("pre-applications")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.PROJECT_ADMIN})
    public String programPage(@QueryParam("program") Long program, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        Page page = Page.of(Messages.text(locale, "crm.preApplications.title"), locale, user)
                .with("programs", interest.preApplications().programs(user).stream().map(choice -> Map.of("id",
                        choice.id(), "name", choice.name(), "selected", choice.id() == (program == null ? -1 : program)))
                        .toList());
        if (program != null) {
            PreApplications.Program chosen = interest.preApplications().program(user, program);
            page.with("chosen", chosen).with("rows", interest.preApplications().ofProgram(user, program).stream()
                    .map(row -> rowView(row, locale)).toList());
        }
        return views.render("crm/pre-applications", page.scope());
    }

    @POST
    @Path("pre-applications/{program: [0-9]+}/mail")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER, Roles.PROJECT_ADMIN})
    public Response mail(@PathParam("program") long program, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        interest.preApplications().mailOpened(SignedIn.user(request), program, Language.of(lang, headers));
        Flash.put(request, "flash.crm.preApplicationsMailed");
        return Response.seeOther(URI.create("/admin/pre-applications?program=" + program)).build();
    }

    @GET
    @Path("persons/" + ID + "/interest")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
    public String personPage(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return personPage(id, Map.of(), List.of(), FormValues.Failed.NONE, SignedIn.user(request), locale);
    }

    @POST
    @Path("persons/" + ID + "/pre-applications")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
    public Response addPreApplication(@PathParam("id") UUID id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        return act(id, FormValues.Failed.of("preApplication", posted), request, locale,
                () -> interest.preApplications().add(id, form.get("program"),
                form.get("startFrom"), form.get("note"), "HAND", SignedIn.user(request).id(), locale));
    }

    @POST
    @Path("persons/" + ID + "/community")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
    public Response addActivity(@PathParam("id") UUID id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        return act(id, FormValues.Failed.of("community", posted), request, locale,
                () -> interest.community().add(id, form.get("kind"), form.get("count"),
                SignedIn.user(request).id(), locale));
    }

    /** Runs a form's action; a refused one shows the page again with that form as it was posted. */
    private Response act(UUID id, FormValues.Failed failed, ContainerRequestContext request, Locale locale,
            Runnable action) {
        try {
            action.run();
            return Response.seeOther(URI.create("/admin/persons/" + id + "/interest")).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(personPage(id,
                    FormValues.errorsByField(refused.errors()), refused.errors(), failed, SignedIn.user(request),
                    locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    private String personPage(UUID id, Map<String, String> errors, List<Problem.FieldProblem> problems,
            FormValues.Failed failed, CurrentUser user, Locale locale) {
        interest.preApplications().requirePerson(id);
        Map<String, Long> counts = interest.community().counts(id);
        Map<String, String> activity = failed.shown("community", Map.of("kind", "POST", "count", "1"));
        Map<String, String> preApplication = failed.shown("preApplication", Map.of("program", "", "startFrom", "",
                "note", ""));
        return views.render("crm/interest", Page.of(Messages.text(locale, "crm.interest.title"), locale, user)
                .with("person", id)
                .with("rows", interest.preApplications().ofPerson(id).stream().map(row -> rowView(row, locale)).toList())
                .with("posts", counts.get("POST")).with("comments", counts.get("COMMENT"))
                .with("programs", interest.preApplications().programs(user).stream().map(program -> Map.of("code",
                        program.code(), "name", program.name(), "selected",
                        program.code().equals(preApplication.get("program")))).toList())
                .with("activityKinds", List.of("POST", "COMMENT").stream().map(kind -> Map.of("code", kind,
                        "label", Messages.text(locale, "crm.community." + kind.toLowerCase(Locale.ROOT)),
                        "selected", kind.equals(activity.get("kind")))).toList())
                .with("activityForm", activity).with("preApplicationForm", preApplication)
                .with("errors", errors).with("problems", problems).with("invalid", !errors.isEmpty()).scope());
    }

    static Map<String, Object> rowView(PreApplications.PreApplication row, Locale locale) {
        Function<Object, Object> blank = value -> value == null ? "" : value;
        return Map.of("id", row.id(), "person", row.personId(), "name", row.person(), "email", row.email(),
                "program", row.program(), "startFrom", row.startFrom() == null ? "" : TimeDisplay.date(locale,
                        row.startFrom()), "note", row.note(), "source", Messages.text(locale,
                        "crm.preApplication.source." + row.source()), "created", TimeDisplay.dateTime(locale,
                        row.createdAt()), "notified", blank.apply(row.notifiedAt() == null ? null
                        : TimeDisplay.dateTime(locale, row.notifiedAt())));
    }
}
