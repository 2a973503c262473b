package org.matricula.platform.crm.campaigns;

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
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The campaign screens: the list with each campaign's figures, the form (a template per language,
 * the segment, the send time and rate), a preview with a real person's data, scheduling, and
 * cancelling after a confirmation.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin/campaigns")
@Produces(MediaType.TEXT_HTML)
public final class CampaignPages {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final Campaigns campaigns;
    private final Segments segments;
    private final Views views;
    private final String baseUrl;

    public CampaignPages(Campaigns campaigns, Segments segments, Views views, String baseUrl) {
        this.campaigns = campaigns;
        this.segments = segments;
        this.views = views;
        this.baseUrl = baseUrl;
    }

    @GET
    public String list(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return views.render("crm/campaigns", Page.of(Messages.text(locale, "campaigns.title"), locale,
                SignedIn.user(request)).with("campaigns", campaigns.all().stream().map(campaign -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", campaign.id());
                    row.put("name", campaign.name());
                    row.put("segment", campaign.segmentName());
                    row.put("status", Messages.text(locale, "campaigns.status." + campaign.status()));
                    row.put("sendAt", TimeDisplay.dateTime(locale, campaign.sendAt()));
                    Map<String, Long> figures = campaigns.figures(campaign.id());
                    row.put("sent", figures.get("SENT"));
                    row.put("unsubscribed", figures.get("UNSUBSCRIBED"));
                    Campaigns.Engagement engagement = campaigns.engagement(campaign.id());
                    row.put("opened", engagement.opened());
                    row.put("clicked", engagement.clicked());
                    return row;
                }).toList()).scope());
    }

    @GET
    @Path("new")
    public Response create(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return form(null, new Campaigns.Draft("", "", "", "", "", "", "", "60"), Map.of(), request,
                Language.of(lang, headers));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> posted, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Campaigns.Draft draft = draft(posted);
        try {
            Campaigns.Campaign created = campaigns.create(draft, SignedIn.user(request).id(), locale);
            Flash.put(request, "flash.created");
            return Response.seeOther(URI.create("/admin/campaigns/" + created.id())).build();
        } catch (InvalidInputException refused) {
            return form(null, draft, errors(refused), request, locale);
        }
    }

    @GET
    @Path("{id: [0-9]+}")
    public Response edit(@PathParam("id") long id, @QueryParam("person") String person,
            @QueryParam("language") String language, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Campaigns.Campaign campaign = campaigns.require(id, locale);
        Campaigns.Preview preview = null;
        if (person != null && person.matches("[0-9a-fA-F-]{36}")) {
            preview = campaigns.preview(id, UUID.fromString(person), language, baseUrl, locale);
        }
        return form(campaign, new Campaigns.Draft(campaign.name(), Long.toString(campaign.segmentId()),
                campaign.subjectRu(), campaign.bodyRu(), campaign.subjectEn(), campaign.bodyEn(),
                campaign.sendAt() == null ? "" : LOCAL.format(campaign.sendAt().atZone(TimeDisplay.zone())),
                Integer.toString(campaign.ratePerMinute())), Map.of(), request, locale, preview, person);
    }

    @POST
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") long id, MultivaluedMap<String, String> posted,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Campaigns.Campaign campaign = campaigns.require(id, locale);
        Campaigns.Draft draft = draft(posted);
        try {
            campaigns.update(id, draft, locale);
            Flash.put(request, "flash.saved");
            return Response.seeOther(URI.create("/admin/campaigns/" + id)).build();
        } catch (InvalidInputException refused) {
            return form(campaign, draft, errors(refused), request, locale);
        }
    }

    @POST
    @Path("{id: [0-9]+}/schedule")
    public Response schedule(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        campaigns.schedule(id, Language.of(lang, headers));
        Flash.put(request, "campaigns.flash.scheduled");
        return Response.seeOther(URI.create("/admin/campaigns/" + id)).build();
    }

    @GET
    @Path("{id: [0-9]+}/cancel")
    public String confirmCancel(@PathParam("id") long id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Campaigns.Campaign campaign = campaigns.require(id, locale);
        return views.render("crm/campaign-cancel", Page.of(Messages.text(locale, "campaigns.cancel"), locale,
                SignedIn.user(request)).with("campaign", Map.of("id", campaign.id(), "name", campaign.name())).scope());
    }

    @POST
    @Path("{id: [0-9]+}/cancel")
    public Response cancel(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        campaigns.cancel(id, Language.of(lang, headers));
        Flash.put(request, "campaigns.flash.cancelled");
        return Response.seeOther(URI.create("/admin/campaigns/" + id)).build();
    }

    /** A problem as the error summary lists it: which field (the Russian or the English subject, say), then what is wrong. */
    private static String summaryLine(String field, String message, Locale locale) {
        String label = "campaigns." + field;
        return Messages.keys(locale).contains(label) ? Messages.text(locale, label) + ": " + message : message;
    }

    private Response form(Campaigns.Campaign campaign, Campaigns.Draft draft, Map<String, String> errors,
            ContainerRequestContext request, Locale locale) {
        return form(campaign, draft, errors, request, locale, null, null);
    }

    private Response form(Campaigns.Campaign campaign, Campaigns.Draft draft, Map<String, String> errors,
            ContainerRequestContext request, Locale locale, Campaigns.Preview preview, String previewPerson) {
        Page page = Page.of(campaign == null ? Messages.text(locale, "campaigns.new") : campaign.name(), locale,
                SignedIn.user(request))
                .with("draft", draft)
                .with("action", campaign == null ? "/admin/campaigns" : "/admin/campaigns/" + campaign.id())
                .with("editable", campaign == null || campaign.editable())
                .with("segments", segments.all().stream().map(segment -> Map.of("value", Long.toString(segment.id()),
                        "label", segment.name(), "selected", Long.toString(segment.id()).equals(draft.segment())))
                        .toList())
                .with("errors", errors).with("hasErrors", !errors.isEmpty())
                .with("errorList", errors.entrySet().stream().map(e -> Map.of("field", e.getKey(), "message",
                        summaryLine(e.getKey(), e.getValue(), locale))).toList())
                .with("zone", TimeDisplay.zone().getId())
                .with("preview", preview);
        if (campaign != null) {
            Map<String, Long> figures = campaigns.figures(campaign.id());
            page.with("campaign", Map.of("id", campaign.id(), "status", Messages.text(locale, "campaigns.status."
                    + campaign.status()), "draft", campaign.status().equals("DRAFT"), "cancellable",
                    List.of("DRAFT", "SCHEDULED", "SENDING").contains(campaign.status())))
                    .with("engagement", campaigns.engagement(campaign.id()))
                    .with("figures", figures.entrySet().stream().map(e -> Map.of("state", e.getKey(), "label",
                            Messages.text(locale, "campaigns.state." + e.getKey()), "count", e.getValue())).toList())
                    .with("recipients", campaigns.recipients(campaign.id(), 50).stream().map(r -> Map.of("person",
                            r.personId().toString(), "name", r.fullName(), "email", r.email(), "state",
                            Messages.text(locale, "campaigns.state." + r.state()), "handed",
                            TimeDisplay.dateTime(locale, r.handedAt()))).toList())
                    .with("samples", campaigns.samplePersons(campaign.id(), locale).stream().map(m -> Map.of("id",
                            m.id().toString(), "label", m.fullName() + " <" + m.email() + ">", "selected",
                            m.id().toString().equals(previewPerson))).toList());
        }
        String html = views.render("crm/campaign", page.scope());
        return Response.status(errors.isEmpty() ? 200 : InvalidInputException.UNPROCESSABLE).entity(html)
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    private static Campaigns.Draft draft(MultivaluedMap<String, String> posted) {
        return new Campaigns.Draft(posted.getFirst("name"), posted.getFirst("segment"), posted.getFirst("subjectRu"),
                posted.getFirst("bodyRu"), posted.getFirst("subjectEn"), posted.getFirst("bodyEn"),
                posted.getFirst("sendAt"), posted.getFirst("ratePerMinute"));
    }

    private static Map<String, String> errors(InvalidInputException refused) {
        Map<String, String> errors = new LinkedHashMap<>();
        refused.errors().forEach(problem -> errors.merge(problem.field(), problem.message(), (a, b) -> a));
        return errors;
    }
}
