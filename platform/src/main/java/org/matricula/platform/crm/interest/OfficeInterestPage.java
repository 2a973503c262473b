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

/** An applicant's own interest in programs not open yet, in their office. */
@Path("/office")
@Produces(MediaType.TEXT_HTML)
public final class OfficeInterestPage {

    private final Interest interest;
    private final Views views;

    public OfficeInterestPage(Interest interest, Views views) {
        this.interest = interest;
        this.views = views;
    }

    @GET
    @Path("interest")
    @RolesAllowed(Roles.APPLICANT)
    public String officePage(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return officePage(Map.of(), List.of(), SignedIn.user(request), locale);
    }

    @POST
    @Path("interest")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.APPLICANT)
    public Response officeAdd(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        CurrentUser user = SignedIn.user(request);
        Map<String, String> form = FormValues.of(posted);
        UUID person = interest.preApplications().personOf(user.id())
                .orElseThrow(() -> Conflict.localized("crm.interest.notYet"));
        try {
            boolean notOpen = interest.preApplications().notOpen().stream()
                    .anyMatch(program -> program.code().equals(form.getOrDefault("program", "").strip()));
            if (!notOpen) {
                throw InvalidInputException.field("program", Messages.text(locale, "crm.preApplication.program"));
            }
            interest.preApplications().add(person, form.get("program"), form.get("startFrom"), form.get("note"),
                    "OFFICE", user.id(), locale);
            Flash.put(request, "flash.crm.interestSaved");
            return Response.seeOther(URI.create("/office/interest")).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE).entity(officePage(
                    FormValues.errorsByField(refused.errors()), refused.errors(), user, locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    private String officePage(Map<String, String> errors, List<Problem.FieldProblem> problems, CurrentUser user,
            Locale locale) {
        List<PreApplications.PreApplication> mine = interest.preApplications().personOf(user.id())
                .map(interest.preApplications()::ofPerson).orElse(List.of());
        return views.render("crm/office-interest", Page.of(Messages.text(locale, "crm.interest.office"), locale, user)
                .with("rows", mine.stream().map(row -> InterestPages.rowView(row, locale)).toList())
                .with("programs", interest.preApplications().notOpen())
                .with("anyPrograms", !interest.preApplications().notOpen().isEmpty())
                .with("errors", errors).with("problems", problems).with("invalid", !errors.isEmpty()).scope());
    }

}
