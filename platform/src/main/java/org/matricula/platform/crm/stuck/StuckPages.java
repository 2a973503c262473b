package org.matricula.platform.crm.stuck;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/** The stuck students per program and curator, and the rules per program (added, deleted after a confirmation). */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin/stuck")
@Produces(MediaType.TEXT_HTML)
public final class StuckPages {

    private final StuckStudents stuck;
    private final Views views;

    public StuckPages(StuckStudents stuck, Views views) {
        this.stuck = stuck;
        this.views = views;
    }

    @GET
    public String list(@QueryParam("program") String program, @QueryParam("curator") String curator,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Long programId = program != null && program.matches("[0-9]{1,18}") ? Long.valueOf(program) : null;
        UUID curatorId = curator != null && curator.matches("[0-9a-fA-F-]{36}") ? UUID.fromString(curator) : null;
        return views.render("crm/stuck", Page.of(Messages.text(locale, "stuck.title"), locale, SignedIn.user(request))
                .with("programs", stuck.programs().stream().map(p -> Map.of("value", p.get("id").toString(),
                        "label", p.get("name"), "selected", p.get("id").toString().equals(program))).toList())
                .with("curators", stuck.curators().stream().map(c -> Map.of("value", c.get("id").toString(),
                        "label", c.get("email"), "selected", c.get("id").toString().equals(curator))).toList())
                .with("flags", stuck.open(programId, curatorId).stream().map(flag -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("person", flag.personId().toString());
                    row.put("name", flag.fullName().isBlank() ? flag.personId().toString() : flag.fullName());
                    row.put("program", flag.programName());
                    row.put("reason", StuckStudents.reason(flag, locale));
                    row.put("since", TimeDisplay.dateTime(locale, flag.since()));
                    row.put("curator", flag.curatorEmail() == null ? "" : flag.curatorEmail());
                    return row;
                }).toList()).scope());
    }

    @GET
    @Path("rules")
    public Response rules(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return rulesPage(new StuckStudents.Draft("", "NO_PROGRESS", "14", "", "", "10"), Map.of(), request,
                Language.of(lang, headers));
    }

    @POST
    @Path("rules")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(MultivaluedMap<String, String> posted, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        StuckStudents.Draft draft = new StuckStudents.Draft(posted.getFirst("program"), posted.getFirst("kind"),
                posted.getFirst("days"), posted.getFirst("startsOn"), posted.getFirst("endsOn"),
                posted.getFirst("tolerance"));
        try {
            stuck.create(draft, locale);
            Flash.put(request, "flash.created");
            return Response.seeOther(URI.create("/admin/stuck/rules")).build();
        } catch (InvalidInputException refused) {
            Map<String, String> errors = new LinkedHashMap<>();
            refused.errors().forEach(problem -> errors.merge(problem.field(), problem.message(), (a, b) -> a));
            return rulesPage(draft, errors, request, locale);
        }
    }

    @GET
    @Path("rules/{id: [0-9]+}/delete")
    public String confirmDelete(@PathParam("id") long id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        StuckStudents.Rule rule = stuck.requireRule(id, locale);
        return views.render("crm/stuck-delete", Page.of(Messages.text(locale, "stuck.deleteRule"), locale,
                SignedIn.user(request)).with("rule", Map.of("id", rule.id(), "text", describe(rule, locale))).scope());
    }

    @POST
    @Path("rules/{id: [0-9]+}/delete")
    public Response delete(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        stuck.delete(id, Language.of(lang, headers));
        Flash.put(request, "flash.deleted");
        return Response.seeOther(URI.create("/admin/stuck/rules")).build();
    }

    private Response rulesPage(StuckStudents.Draft draft, Map<String, String> errors, ContainerRequestContext request,
            Locale locale) {
        Page page = Page.of(Messages.text(locale, "stuck.rules"), locale, SignedIn.user(request))
                .with("rules", stuck.rules().stream().map(rule -> Map.of("id", rule.id(), "program", rule.programName(),
                        "text", describe(rule, locale))).toList())
                .with("draft", draft)
                .with("programs", stuck.programs().stream().map(p -> Map.of("value", p.get("id").toString(),
                        "label", p.get("name"), "selected", p.get("id").toString().equals(draft.program()))).toList())
                .with("kinds", StuckStudents.KINDS.stream().map(kind -> Map.of("value", kind, "label",
                        Messages.text(locale, "stuck.reason." + kind), "selected", kind.equals(draft.kind()))).toList())
                .with("errors", errors).with("hasErrors", !errors.isEmpty())
                .with("errorList", errors.entrySet().stream().map(e -> Map.of("field", e.getKey(), "message",
                        e.getValue())).toList());
        String html = views.render("crm/stuck-rules", page.scope());
        return Response.status(errors.isEmpty() ? 200 : InvalidInputException.UNPROCESSABLE).entity(html)
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    static String describe(StuckStudents.Rule rule, Locale locale) {
        return switch (rule.kind()) {
            case "BEHIND_PACE" -> Messages.text(locale, "stuck.rule.BEHIND_PACE", rule.startsOn().toString(),
                    rule.endsOn().toString(), rule.tolerance());
            default -> Messages.text(locale, "stuck.rule." + rule.kind(), rule.days());
        };
    }

}
