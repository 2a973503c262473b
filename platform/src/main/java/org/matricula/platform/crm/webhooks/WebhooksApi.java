package org.matricula.platform.crm.webhooks;

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
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.SignedIn;

/** Outgoing webhooks for API clients: endpoints (the secret answered only at creation and rotation), deliveries, replays. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhooksApi {

    private final Webhooks webhooks;

    public WebhooksApi(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GET
    public Map<String, Object> all() {
        return Map.of("endpoints", webhooks.all().stream().map(WebhooksApi::json).toList(), "events", Webhooks.EVENTS);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Webhooks.Draft draft, @Context ContainerRequestContext request) {
        Webhooks.WithSecret created = webhooks.create(given(draft), SignedIn.apiUser(request).id(),
                Language.of(request));
        Map<String, Object> json = json(created.endpoint());
        json.put("secret", created.secret());
        return Response.status(Response.Status.CREATED).entity(json).build();
    }

    @GET
    @Path("{id: [0-9]+}")
    public Map<String, Object> one(@PathParam("id") long id, @Context ContainerRequestContext request) {
        return json(webhooks.require(id, Language.of(request)));
    }

    @PUT
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") long id, Webhooks.Draft draft,
            @Context ContainerRequestContext request) {
        return json(webhooks.update(id, given(draft), Language.of(request)));
    }

    @POST
    @Path("{id: [0-9]+}/rotate")
    public Map<String, Object> rotate(@PathParam("id") long id, @Context ContainerRequestContext request) {
        Webhooks.WithSecret rotated = webhooks.rotate(id, Language.of(request));
        Map<String, Object> json = json(rotated.endpoint());
        json.put("secret", rotated.secret());
        return json;
    }

    @GET
    @Path("{id: [0-9]+}/deliveries")
    public Map<String, Object> deliveries(@PathParam("id") long id, @QueryParam("limit") Integer limit,
            @Context ContainerRequestContext request) {
        webhooks.require(id, Language.of(request));
        int size = limit == null ? 100 : Math.max(0, Math.min(1000, limit));
        return Map.of("deliveries", webhooks.deliveries(id, size).stream().map(WebhooksApi::json).toList());
    }

    @POST
    @Path("deliveries/{id: [0-9]+}/replay")
    public Map<String, Object> replay(@PathParam("id") long id, @Context ContainerRequestContext request) {
        return json(webhooks.replay(id, Language.of(request)));
    }

    private static Webhooks.Draft given(Webhooks.Draft draft) {
        return draft == null ? new Webhooks.Draft(null, null, null, null) : draft;
    }

    static Map<String, Object> json(Webhooks.Endpoint endpoint) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", endpoint.id());
        json.put("name", endpoint.name());
        json.put("url", endpoint.url());
        json.put("kinds", endpoint.kinds());
        json.put("active", endpoint.active());
        json.put("createdAt", endpoint.createdAt().toString());
        json.put("rotatedAt", endpoint.rotatedAt() == null ? null : endpoint.rotatedAt().toString());
        return json;
    }

    static Map<String, Object> json(Webhooks.Delivery delivery) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", delivery.id());
        json.put("deliveryId", delivery.deliveryId().toString());
        json.put("endpoint", delivery.endpointId());
        json.put("event", delivery.event());
        json.put("status", delivery.status());
        json.put("attempts", delivery.attempts());
        json.put("replays", delivery.replays());
        json.put("responseCode", delivery.responseCode());
        json.put("lastError", delivery.lastError());
        json.put("createdAt", delivery.createdAt().toString());
        json.put("lastAttemptAt", delivery.lastAttemptAt() == null ? null : delivery.lastAttemptAt().toString());
        json.put("deliveredAt", delivery.deliveredAt() == null ? null : delivery.deliveredAt().toString());
        json.put("body", delivery.body());
        return json;
    }
}
