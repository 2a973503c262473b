package org.matricula.platform.crm.deals;

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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
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
 * The applicant's page for one declaration's contract, in the private office: read the public
 * offer and accept it by ticking a box; enter the enrolment code an organization gave them.
 */
@RolesAllowed(Roles.SIGNED_IN)
@Path("/office/contract")
@Produces(MediaType.TEXT_HTML)
public final class OfficeContractPages {

    private final Deals deals;
    private final Contracts contracts;
    private final Jdbi jdbi;
    private final Views views;

    public OfficeContractPages(Deals deals, Contracts contracts, Jdbi jdbi, Views views) {
        this.deals = deals;
        this.contracts = contracts;
        this.jdbi = jdbi;
        this.views = views;
    }

    @GET
    @Path("{id: [0-9a-f-]{36}}")
    public String page(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return page(id, Map.of(), Map.of(), SignedIn.user(request), Language.of(lang, headers));
    }

    /** A program's public offer as PDF, linked from the declaration form before the applicant applies. */
    @GET
    @Path("offer/{program: [0-9]+}")
    @Produces("application/pdf")
    public Response programOffer(@PathParam("program") long program, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        Locale locale = Language.of(lang, headers);
        return Response.ok(contracts.programOffer(program, locale))
                .header("Content-Disposition", "inline; filename=\"offer-" + program + "-" + locale.getLanguage()
                        + ".pdf\"").build();
    }

    @POST
    @Path("{id: [0-9a-f-]{36}}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response accept(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        CurrentUser user = SignedIn.user(request);
        if (!"true".equals(form.get("accept"))) {
            return refused(id, Map.of("accept", Messages.text(locale, "contracts.office.tick")), form, user, locale);
        }
        contracts.accept(user.id(), id, locale);
        Flash.put(request, "flash.contracts.accepted");
        return Response.seeOther(URI.create("/office/contract/" + id + (lang == null ? "" : "?lang=" + lang))).build();
    }

    @POST
    @Path("{id: [0-9a-f-]{36}}/code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response code(@PathParam("id") UUID id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        CurrentUser user = SignedIn.user(request);
        try {
            deals.claim(user.id(), id, form.get("code"), locale);
            Flash.put(request, "flash.deals.seatTaken");
            return Response.seeOther(URI.create("/office/contract/" + id + (lang == null ? "" : "?lang=" + lang)))
                    .build();
        } catch (InvalidInputException e) {
            return refused(id, FormValues.errorsByField(e.errors()), form, user, locale);
        }
    }

    private Response refused(UUID id, Map<String, String> errors, Map<String, String> form, CurrentUser user,
            Locale locale) {
        return Response.status(InvalidInputException.UNPROCESSABLE).entity(page(id, errors, form, user, locale))
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    private String page(UUID id, Map<String, String> errors, Map<String, String> form, CurrentUser user,
            Locale locale) {
        Map<String, Object> declaration = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT d.number, d.status, g.name AS program,
                       (SELECT a.accepted_at FROM offer_acceptances a WHERE a.declaration_id = d.id) AS accepted_at,
                       (SELECT a.version FROM offer_acceptances a WHERE a.declaration_id = d.id) AS version,
                       (SELECT o.name FROM deal_seats s JOIN deals x ON x.id = s.deal_id
                        JOIN organizations o ON o.id = x.organization_id WHERE s.declaration_id = d.id) AS organization
                FROM declarations d JOIN programs g ON g.id = d.program_id
                WHERE d.id = :id AND d.account_id = :account""").bind("id", id).bind("account", user.id())
                .mapToMap().findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.declaration.missing", id));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("number", declaration.get("number"));
        view.put("program", declaration.get("program"));
        java.sql.Timestamp accepted = (java.sql.Timestamp) declaration.get("accepted_at");
        view.put("accepted", accepted == null ? null : TimeDisplay.dateTime(locale, accepted.toInstant()));
        view.put("version", declaration.get("version"));
        view.put("organization", declaration.get("organization"));
        view.put("closed", Contracts.closed((String) declaration.get("status")));
        return views.render("deals/office", Page.of(Messages.text(locale, "contracts.office.title",
                declaration.get("number")), locale, user)
                .with("d", view).with("form", form).with("errors", errors).with("invalid", !errors.isEmpty())
                .with("errorList", errors.entrySet().stream().map(error -> Map.of("field", error.getKey(),
                        "message", error.getValue())).toList()).scope());
    }
}
