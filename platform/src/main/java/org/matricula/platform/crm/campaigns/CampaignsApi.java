package org.matricula.platform.crm.campaigns;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** Mail campaigns for API clients: drafts, scheduling, cancelling, figures, recipients and previews. */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/api/v1/crm/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public final class CampaignsApi {

    private final Campaigns campaigns;
    private final String baseUrl;

    public CampaignsApi(Campaigns campaigns, String baseUrl) {
        this.campaigns = campaigns;
        this.baseUrl = baseUrl;
    }

    @GET
    public Map<String, Object> all() {
        return Map.of("campaigns", campaigns.all().stream().map(campaign -> json(campaign, null)).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Campaigns.Draft draft, @Context ContainerRequestContext request) {
        Campaigns.Campaign created = campaigns.create(given(draft), SignedIn.apiUser(request).id(),
                Language.of(request));
        return Response.status(Response.Status.CREATED).entity(json(created, null)).build();
    }

    @GET
    @Path("{id: [0-9]+}")
    public Map<String, Object> one(@PathParam("id") long id, @Context ContainerRequestContext request) {
        Map<String, Object> json = json(campaigns.require(id, Language.of(request)), campaigns.figures(id));
        json.put("engagement", campaigns.engagement(id));
        return json;
    }

    @PUT
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") long id, Campaigns.Draft draft,
            @Context ContainerRequestContext request) {
        return json(campaigns.update(id, given(draft), Language.of(request)), null);
    }

    @POST
    @Path("{id: [0-9]+}/schedule")
    public Map<String, Object> schedule(@PathParam("id") long id, @Context ContainerRequestContext request) {
        return json(campaigns.schedule(id, Language.of(request)), null);
    }

    @POST
    @Path("{id: [0-9]+}/cancel")
    public Map<String, Object> cancel(@PathParam("id") long id, @Context ContainerRequestContext request) {
        return json(campaigns.cancel(id, Language.of(request)), null);
    }

    @GET
    @Path("{id: [0-9]+}/recipients")
    public Map<String, Object> recipients(@PathParam("id") long id, @QueryParam("limit") Integer limit,
            @Context ContainerRequestContext request) {
        campaigns.require(id, Language.of(request));
        int size = limit == null ? 100 : Math.max(0, Math.min(10_000, limit));
        return Map.of("figures", campaigns.figures(id), "engagement", campaigns.engagement(id), "recipients", campaigns.recipients(id, size).stream()
                .map(recipient -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("person", recipient.personId().toString());
                    row.put("email", recipient.email());
                    row.put("language", recipient.language());
                    row.put("state", recipient.state());
                    row.put("handedAt", recipient.handedAt() == null ? null : recipient.handedAt().toString());
                    row.put("tracked", recipient.tracked());
                    row.put("opens", recipient.opens());
                    row.put("firstOpenAt", recipient.firstOpenAt() == null ? null : recipient.firstOpenAt().toString());
                    row.put("clicks", recipient.clicks());
                    row.put("firstClickAt", recipient.firstClickAt() == null ? null
                            : recipient.firstClickAt().toString());
                    return row;
                }).toList());
    }

    /** The mail as a person would receive it ({@code language}: ru, en, or theirs when absent). */
    @GET
    @Path("{id: [0-9]+}/preview")
    public Campaigns.Preview preview(@PathParam("id") long id, @QueryParam("person") UUID person,
            @QueryParam("language") String language, @Context ContainerRequestContext request) {
        return campaigns.preview(id, person, language, baseUrl, Language.of(request));
    }

    private static Campaigns.Draft given(Campaigns.Draft draft) {
        return draft == null ? new Campaigns.Draft(null, null, null, null, null, null, null, null) : draft;
    }

    static Map<String, Object> json(Campaigns.Campaign campaign, Map<String, Long> figures) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", campaign.id());
        json.put("name", campaign.name());
        json.put("segment", campaign.segmentId());
        json.put("subjectRu", campaign.subjectRu());
        json.put("bodyRu", campaign.bodyRu());
        json.put("subjectEn", campaign.subjectEn());
        json.put("bodyEn", campaign.bodyEn());
        json.put("sendAt", campaign.sendAt() == null ? null : campaign.sendAt().toString());
        json.put("ratePerMinute", campaign.ratePerMinute());
        json.put("status", campaign.status());
        json.put("queuedAt", campaign.queuedAt() == null ? null : campaign.queuedAt().toString());
        json.put("finishedAt", campaign.finishedAt() == null ? null : campaign.finishedAt().toString());
        if (figures != null) {
            json.put("figures", figures);
        }
        return json;
    }
}
