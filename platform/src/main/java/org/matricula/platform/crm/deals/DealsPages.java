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
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.net.URI;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.FormValues;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The deals of the administration: the B2B board (a column per stage, each card moved by its own
 * form, no script needed), a deal's card (history, enrolment code, seats), the list on the admin
 * list engine, and programs' automatic enrolment.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin/deals")
@Produces(MediaType.TEXT_HTML)
public final class DealsPages {

    private final Deals deals;
    private final Contracts contracts;
    private final AdminList list;
    private final Jdbi jdbi;
    private final Views views;

    public DealsPages(Deals deals, Contracts contracts, AdminList list, Jdbi jdbi, Views views) {
        this.deals = deals;
        this.contracts = contracts;
        this.list = list;
        this.jdbi = jdbi;
        this.views = views;
    }

    @GET
    public String board(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return board(Map.of(), Map.of(), SignedIn.user(request), Language.of(lang, headers));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        CurrentUser user = SignedIn.user(request);
        try {
            Deals.Deal deal = deals.create(new Deals.Input(number(form.get("organizationId")),
                    number(form.get("programId")), form.get("title"), form.get("seats"), form.get("pricePerSeat"),
                    form.get("expectedClose"), form.get("probability"), form.get("managerId")), user.id(), locale);
            Flash.put(request, "flash.deals.created");
            return Response.seeOther(URI.create("/admin/deals/" + deal.id() + query(lang))).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(board(FormValues.errorsByField(refused.errors()), form, user, locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("{id: [0-9]+}")
    public String deal(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return card(id, Map.of(), Map.of(), SignedIn.user(request), Language.of(lang, headers));
    }

    @POST
    @Path("{id: [0-9]+}/move")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response move(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        CurrentUser user = SignedIn.user(request);
        try {
            deals.move(id, form.get("stage"), form.get("reason"), user.id(), locale);
            Flash.put(request, "flash.deals.moved");
            String back = "card".equals(form.get("from")) ? "/admin/deals/" + id : "/admin/deals";
            return Response.seeOther(URI.create(back + query(lang))).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(card(id, FormValues.errorsByField(refused.errors()), form, user, locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @POST
    @Path("{id: [0-9]+}/seats")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response seats(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        CurrentUser user = SignedIn.user(request);
        try {
            deals.addEmails(id, form.get("emails"), locale);
            Flash.put(request, "flash.deals.seats");
            return Response.seeOther(URI.create("/admin/deals/" + id + query(lang))).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(card(id, FormValues.errorsByField(refused.errors()), form, user, locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @POST
    @Path("programs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response program(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        Long program = number(form.get("autoProgramId"));
        try {
            if (program == null) {
                throw InvalidInputException.field("autoProgramId", Messages.text(locale, "deals.programRequired"));
            }
            deals.setAutoEnrol(program, "true".equals(form.get("autoEnrol")), locale);
            contracts.require(program, "true".equals(form.get("requiresOffer")),
                    "true".equals(form.get("requiresFirstInstalment")), locale);
            return Response.seeOther(URI.create("/admin/deals" + query(lang))).build();
        } catch (InvalidInputException refused) {
            Map<String, String> errors = new LinkedHashMap<>();
            errors.put("autoProgramId", refused.getMessage());
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(board(errors, form, SignedIn.user(request), locale)).type(MediaType.TEXT_HTML_TYPE)
                    .build();
        }
    }

    @GET
    @Path("list")
    public String list(@Context ContainerRequestContext request, @Context UriInfo uri,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return list.html(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("list.csv")
    @Produces("text/csv")
    public Response csv(@Context ContainerRequestContext request, @Context UriInfo uri,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return list.csv(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }

    @POST
    @Path("list/view")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveView(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        return list.saveView(AdminAccess.admin(request), form, Language.of(lang, headers));
    }

    @GET
    @Path("{id: [0-9]+}/contract.pdf")
    @Produces("application/pdf")
    public Response contract(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = Language.of(lang, headers);
        return pdf(contracts.contract(deals.deal(id, locale), locale), "contract-" + id + ".pdf");
    }

    @GET
    @Path("templates")
    @RolesAllowed(Roles.ADMIN)
    public String templates(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return templates(Map.of(), Map.of(), null, SignedIn.user(request), Language.of(lang, headers));
    }

    @POST
    @Path("templates")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveTemplate(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request, MultivaluedMap<String, String> posted) {
        Locale locale = Language.of(lang, headers);
        Map<String, String> form = FormValues.of(posted);
        CurrentUser user = SignedIn.user(request);
        String kind = form.getOrDefault("kind", "");
        String language = form.getOrDefault("language", "");
        try {
            if ("preview".equals(form.get("action"))) {
                String html = contracts.preview(kind, language, form.get("body"), locale);
                return Response.ok(templates(Map.of(), form, html, user, locale), MediaType.TEXT_HTML_TYPE).build();
            }
            contracts.save(kind, language, form.get("body"), user.id(), locale);
            Flash.put(request, "flash.contracts.saved");
            return Response.seeOther(URI.create("/admin/deals/templates" + query(lang))).build();
        } catch (InvalidInputException refused) {
            return Response.status(InvalidInputException.UNPROCESSABLE)
                    .entity(templates(FormValues.errorsByField(refused.errors()), form, null, user, locale))
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("templates/{kind: OFFER|CONTRACT}/{language: [a-z]{2}}.pdf")
    @RolesAllowed(Roles.ADMIN)
    @Produces("application/pdf")
    public Response samplePdf(@PathParam("kind") String kind, @PathParam("language") String language,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        Locale locale = Language.of(lang, headers);
        return pdf(contracts.samplePdf(kind, language, locale), kind.toLowerCase(Locale.ROOT) + "-" + language + ".pdf");
    }

    private static Response pdf(byte[] pdf, String name) {
        return Response.ok(pdf, "application/pdf").header("Content-Disposition", "inline; filename=\"" + name + "\"")
                .build();
    }

    private String templates(Map<String, String> errors, Map<String, String> form, String preview,
            CurrentUser user, Locale locale) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (String kind : Contracts.KINDS) {
            for (Locale language : Messages.languages()) {
                Contracts.Template template = contracts.template(kind, language.getLanguage());
                boolean posted = kind.equals(form.get("kind")) && language.getLanguage().equals(form.get("language"));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", kind);
                row.put("kindName", Messages.text(locale, "contracts.kind." + kind));
                row.put("language", language.getLanguage());
                row.put("languageName", language.getDisplayLanguage(locale));
                row.put("version", template.version());
                row.put("shipped", template.version() == 0);
                row.put("body", posted && form.get("body") != null ? form.get("body") : template.body());
                row.put("id", kind.toLowerCase(Locale.ROOT) + "-" + language.getLanguage());
                row.put("error", posted ? errors.getOrDefault("body", errors.getOrDefault("kind",
                        errors.get("language"))) : null);
                row.put("preview", posted ? preview : null);
                rows.add(row);
            }
        }
        return views.render("deals/templates", Page.of(Messages.text(locale, "contracts.templates.title"), locale,
                user).with("templates", rows).with("invalid", !errors.isEmpty()).scope());
    }

    private static String query(String lang) {
        return lang == null ? "" : "?lang=" + lang;
    }

    private static Long number(String typed) {
        try {
            return typed == null || typed.isBlank() ? null : Long.valueOf(typed.strip());
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private String board(Map<String, String> errors, Map<String, String> form, CurrentUser user, Locale locale) {
        List<Deals.Deal> all = deals.list("B2B", 2000, locale);
        List<Map<String, Object>> columns = Stage.PIPELINE.stream().map(stage -> {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("code", stage.name());
            column.put("name", stage.label().in(locale));
            List<Map<String, Object>> cards = all.stream().filter(deal -> deal.stage() == stage)
                    .map(deal -> card(deal, locale)).toList();
            column.put("cards", cards);
            column.put("count", cards.size());
            column.put("sum", money(all.stream().filter(deal -> deal.stage() == stage).map(Deals.Deal::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add), locale));
            return column;
        }).toList();
        return views.render("deals/board", Page.of(Messages.text(locale, "deals.board.title"), locale, user)
                .with("columns", columns)
                .with("organizations", options("SELECT id::text, name FROM organizations ORDER BY name"))
                .with("programs", options("SELECT id::text, name FROM programs ORDER BY name"))
                .with("managers", options("""
                        SELECT id::text, coalesce(nullif(display_name, ''), email) FROM accounts
                        WHERE role IN ('ADMIN', 'CRM_MANAGER') ORDER BY 2"""))
                .with("autoPrograms", options("""
                        SELECT g.id::text, g.name FROM programs g
                        JOIN deal_program_settings s ON s.program_id = g.id WHERE s.auto_enrol ORDER BY g.name"""))
                .with("form", form).with("errors", errors).with("invalid", !errors.isEmpty())
                .with("errorList", errorList(errors)).scope());
    }

    private Map<String, Object> card(Deals.Deal deal, Locale locale) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("id", deal.id());
        card.put("title", deal.title().isEmpty() ? deal.programName() : deal.title());
        card.put("organization", deal.organizationName());
        card.put("program", deal.programName());
        card.put("seats", deal.seats());
        card.put("seatsUsed", deal.seatsUsed());
        card.put("amount", money(deal.amount(), locale));
        card.put("pricePerSeat", money(deal.pricePerSeat(), locale));
        card.put("expectedClose", deal.expectedClose() == null ? "" : TimeDisplay.date(locale, deal.expectedClose()));
        card.put("probability", deal.probability());
        card.put("manager", deal.managerName() == null ? "" : deal.managerName());
        card.put("open", !deal.stage().closed());
        card.put("stage", deal.stage().label().in(locale));
        card.put("lostReason", deal.lostReason());
        card.put("invoiceNumber", deal.invoiceNumber());
        card.put("invoiceId", deal.invoiceId());
        card.put("enrolmentCode", deal.enrolmentCode());
        card.put("won", deal.stage() == Stage.WON);
        card.put("targets", Stage.PIPELINE.stream().filter(stage -> stage != deal.stage()).map(stage -> Map.of(
                "code", stage.name(), "name", stage.label().in(locale))).toList());
        return card;
    }

    private String card(long id, Map<String, String> errors, Map<String, String> form, CurrentUser user,
            Locale locale) {
        Deals.Deal deal = deals.deal(id, locale);
        return views.render("deals/deal", Page.of(Messages.text(locale, "deals.deal.title", deal.id()), locale, user)
                .with("d", card(deal, locale))
                .with("moves", deals.moves(id).stream().map(move -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", TimeDisplay.dateTime(locale, move.at()));
                    row.put("from", move.from() == null ? "" : move.from().label().in(locale));
                    row.put("to", move.to().label().in(locale));
                    row.put("reason", move.reason());
                    row.put("actor", move.actorName() == null ? "" : move.actorName());
                    return row;
                }).toList())
                .with("seatList", deals.seats(id).stream().map(seat -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("email", seat.email());
                    row.put("declaration", seat.declarationNumber() == null ? "" : seat.declarationNumber());
                    row.put("via", Messages.text(locale, "deals.via." + seat.via()));
                    return row;
                }).toList())
                .with("form", form).with("errors", errors).with("invalid", !errors.isEmpty())
                .with("errorList", errorList(errors)).scope());
    }

    private static List<Map<String, String>> errorList(Map<String, String> errors) {
        return errors.entrySet().stream().map(error -> Map.of("field", error.getKey(), "message", error.getValue()))
                .toList();
    }

    private List<Map<String, Object>> options(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).map((rs, ctx) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", rs.getString(1));
            row.put("name", rs.getString(2));
            return row;
        }).list());
    }

    static String money(BigDecimal amount, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(amount);
    }
}
