package org.matricula.platform.crm.admin;

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
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.organizations.Coordinators;
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
 * The coordinator's pages (their organizations' persons with their courses, progress and
 * invested time, and the figures over them), and the admins' page giving organizations to
 * coordinators. What a coordinator sees is decided from their account alone.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public final class ScopedPages {

    private static final String ID = "{id: [0-9a-fA-F-]{36}}";

    private final Crm crm;
    private final Coordinators coordinators;
    private final Views views;

    public ScopedPages(Crm crm, Coordinators coordinators, Views views) {
        this.crm = crm;
        this.coordinators = coordinators;
        this.views = views;
    }

    @GET
    @Path("coordinator")
    @RolesAllowed(Roles.COORDINATOR)
    public String overview(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        List<Funnel.Stage> stages = crm.funnel().stages();
        return views.render("crm/coordinator", Page.of(Messages.text(locale, "crm.coordinator.title"), locale, user)
                .with("organizations", coordinators.overview(user.id()).stream().map(organization -> Map.of(
                        "id", organization.id(), "name", organization.name(),
                        "persons", organization.learners().size(),
                        "completionRate", percent(organization.completionRate()),
                        "averageProgress", percent(organization.averageProgress()),
                        "hours", organization.hours().toPlainString(),
                        "stages", stages.stream().map(stage -> Map.of("code", stage.code(), "name", stage.name(locale),
                                "count", organization.stages().getOrDefault(stage.code(), 0))).toList(),
                        "learners", organization.learners().stream().map(learner -> Map.of(
                                "id", learner.personId(), "name", learner.name(),
                                "stage", stageName(stages, learner.stage(), locale),
                                "courses", learner.courses(), "completed", learner.completed(),
                                "progress", percent(learner.averageProgress()),
                                "hours", learner.hours().toPlainString())).toList())).toList())
                .scope());
    }

    @GET
    @Path("coordinator/persons/" + ID)
    @RolesAllowed(Roles.COORDINATOR)
    public String learner(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        coordinators.requireMember(user.id(), id);
        var person = crm.persons().require(id);
        return views.render("crm/coordinator-person", Page.of(person.fullName().isBlank() ? person.email()
                : person.fullName(), locale, user)
                .with("stage", stageName(crm.funnel().stages(), person.stage(), locale))
                .with("courses", CourseViews.of(crm, id, locale)).scope());
    }

    @GET
    @Path("organizations/{orgId: [0-9]+}/coordinators")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
    public String coordinators(@PathParam("orgId") long id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return coordinatorsPage(id, Map.of(), List.of(), FormValues.Failed.NONE, SignedIn.user(request), locale);
    }

    @POST
    @Path("organizations/{orgId: [0-9]+}/coordinators")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
    public Response addCoordinator(@PathParam("orgId") long id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        try {
            coordinators.add(id, FormValues.of(posted).get("email"), locale);
            Flash.put(request, "flash.crm.coordinatorAdded");
            return Response.seeOther(URI.create("/admin/organizations/" + id + "/coordinators")).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(coordinatorsPage(id,
                    FormValues.errorsByField(refused.errors()), refused.errors(),
                    FormValues.Failed.of("coordinator", posted), SignedIn.user(request), locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @POST
    @Path("organizations/{orgId: [0-9]+}/coordinators/" + ID + "/remove")
    @RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
    public Response removeCoordinator(@PathParam("orgId") long organization, @PathParam("id") UUID account,
            @Context ContainerRequestContext request) {
        coordinators.remove(organization, account);
        Flash.put(request, "flash.crm.coordinatorRemoved");
        return Response.seeOther(URI.create("/admin/organizations/" + organization + "/coordinators")).build();
    }

    private String coordinatorsPage(long id, Map<String, String> errors, List<Problem.FieldProblem> problems,
            FormValues.Failed failed, CurrentUser user, Locale locale) {
        var organization = crm.organizations().require(id);
        return views.render("crm/coordinators", Page.of(Messages.text(locale, "crm.coordinators.title",
                organization.name()), locale, user)
                .with("o", organization)
                .with("coordinators", coordinators.of(id).stream().map(coordinator -> Map.of("account",
                        coordinator.accountId(), "email", coordinator.email(), "name", coordinator.name(),
                        "since", TimeDisplay.dateTime(locale, coordinator.since()))).toList())
                .with("coordinatorForm", failed.shown("coordinator", Map.of("email", "")))
                .with("errors", errors).with("problems", problems).with("invalid", !errors.isEmpty()).scope());
    }

    private static String stageName(List<Funnel.Stage> stages, String code, Locale locale) {
        return stages.stream().filter(stage -> stage.code().equals(code)).findFirst().map(stage -> stage.name(locale))
                .orElse("—");
    }

    private static String percent(Integer value) {
        return value == null ? "—" : value + " %";
    }
}
