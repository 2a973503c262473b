package org.matricula.platform.crm.webhooks;

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
 * The webhook screens: the endpoints, the form (name, URL, events, active), the secret shown once
 * after creation or rotation, each endpoint's delivery log, and a delivery's body with its replay
 * after a confirmation.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/webhooks")
@Produces(MediaType.TEXT_HTML)
public final class WebhookPages {

    private final Webhooks webhooks;
    private final Views views;

    public WebhookPages(Webhooks webhooks, Views views) {
        this.webhooks = webhooks;
        this.views = views;
    }

    @GET
    public String list(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return views.render("crm/webhooks", Page.of(Messages.text(locale, "webhooks.title"), locale,
                SignedIn.user(request)).with("endpoints", webhooks.all().stream().map(endpoint -> Map.of(
                        "id", endpoint.id(), "name", endpoint.name(), "url", endpoint.url(),
                        "kinds", String.join(", ", endpoint.kinds().stream()
                                .map(kind -> Messages.text(locale, "webhooks.event." + kind)).toList()),
                        "active", Messages.text(locale, endpoint.active() ? "webhooks.on" : "webhooks.off"))).toList())
                .scope());
    }

    @GET
    @Path("new")
    public Response create(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        return form(null, new Webhooks.Draft("", "https://", List.of(), true), Map.of(), request,
                Language.of(lang, headers));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> posted, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Webhooks.Draft draft = draft(posted);
        try {
            Webhooks.WithSecret created = webhooks.create(draft, SignedIn.user(request).id(), locale);
            return secret(created, request, locale, "webhooks.secretCreated");
        } catch (InvalidInputException refused) {
            return form(null, draft, errors(refused), request, locale);
        }
    }

    @GET
    @Path("{id: [0-9]+}")
    public Response edit(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Webhooks.Endpoint endpoint = webhooks.require(id, locale);
        return form(endpoint, new Webhooks.Draft(endpoint.name(), endpoint.url(), endpoint.kinds(), endpoint.active()),
                Map.of(), request, locale);
    }

    @POST
    @Path("{id: [0-9]+}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") long id, MultivaluedMap<String, String> posted,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Webhooks.Endpoint endpoint = webhooks.require(id, locale);
        Webhooks.Draft draft = draft(posted);
        try {
            webhooks.update(id, draft, locale);
            Flash.put(request, "flash.saved");
            return Response.seeOther(URI.create("/admin/webhooks/" + id)).build();
        } catch (InvalidInputException refused) {
            return form(endpoint, draft, errors(refused), request, locale);
        }
    }

    @GET
    @Path("{id: [0-9]+}/rotate")
    public String confirmRotate(@PathParam("id") long id, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Webhooks.Endpoint endpoint = webhooks.require(id, locale);
        return views.render("crm/webhook-confirm", Page.of(Messages.text(locale, "webhooks.rotate"), locale,
                SignedIn.user(request)).with("question", Messages.text(locale, "webhooks.rotateQuestion"))
                .with("subject", endpoint.name()).with("action", "/admin/webhooks/" + id + "/rotate")
                .with("button", Messages.text(locale, "webhooks.rotate")).with("back", "/admin/webhooks/" + id)
                .with("buttonId", "confirm-rotate").scope());
    }

    @POST
    @Path("{id: [0-9]+}/rotate")
    public Response rotate(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        return secret(webhooks.rotate(id, locale), request, locale, "webhooks.secretRotated");
    }

    /** A delivery's body and the confirmation of its replay (once it is delivered or failed). */
    @GET
    @Path("deliveries/{id: [0-9]+}")
    public String delivery(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        Webhooks.Delivery delivery = webhooks.requireDelivery(id, locale);
        Webhooks.Endpoint endpoint = webhooks.require(delivery.endpointId(), locale);
        return views.render("crm/webhook-confirm", Page.of(Messages.text(locale, "webhooks.delivery"), locale,
                SignedIn.user(request)).with("question", Messages.text(locale, "webhooks.replayQuestion"))
                .with("subject", endpoint.name() + " · " + delivery.deliveryId())
                .with("delivery", row(delivery, locale))
                // a pending delivery is still being tried: no replay is offered until it is finished
                .with("stillPending", "PENDING".equals(delivery.status()))
                .with("action", "/admin/webhooks/deliveries/" + id + "/replay")
                .with("button", Messages.text(locale, "webhooks.replay")).with("buttonId", "confirm-replay")
                .with("back", "/admin/webhooks/" + endpoint.id()).scope());
    }

    @POST
    @Path("deliveries/{id: [0-9]+}/replay")
    public Response replay(@PathParam("id") long id, @QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Webhooks.Delivery delivery = webhooks.replay(id, Language.of(lang, headers));
        Flash.put(request, "webhooks.flash.replayed");
        return Response.seeOther(URI.create("/admin/webhooks/" + delivery.endpointId())).build();
    }

    private Response secret(Webhooks.WithSecret made, ContainerRequestContext request, Locale locale, String intro) {
        String html = views.render("crm/webhook-secret", Page.of(made.endpoint().name(), locale, SignedIn.user(request))
                .with("intro", Messages.text(locale, intro)).with("secret", made.secret())
                .with("id", made.endpoint().id()).scope());
        return Response.ok(html, MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store").build();
    }

    private Response form(Webhooks.Endpoint endpoint, Webhooks.Draft draft, Map<String, String> errors,
            ContainerRequestContext request, Locale locale) {
        List<String> chosen = draft.kinds() == null ? List.of() : draft.kinds();
        Page page = Page.of(endpoint == null ? Messages.text(locale, "webhooks.new") : endpoint.name(), locale,
                SignedIn.user(request))
                .with("draft", draft)
                .with("action", endpoint == null ? "/admin/webhooks" : "/admin/webhooks/" + endpoint.id())
                .with("events", Webhooks.EVENTS.stream().map(event -> Map.of("value", event, "id",
                        event.replace('.', '-').replace('_', '-'), "label", Messages.text(locale, "webhooks.event." + event),
                        "checked", chosen.contains(event))).toList())
                .with("active", draft.active() == null || draft.active())
                .with("errors", errors).with("hasErrors", !errors.isEmpty())
                .with("errorList", errors.entrySet().stream().map(e -> Map.of("field", e.getKey(), "message",
                        e.getValue())).toList());
        if (endpoint != null) {
            page.with("endpoint", Map.of("id", endpoint.id(), "rotatedAt", endpoint.rotatedAt() == null ? ""
                    : TimeDisplay.dateTime(locale, endpoint.rotatedAt())))
                    .with("deliveries", webhooks.deliveries(endpoint.id(), 100).stream()
                            .map(delivery -> row(delivery, locale)).toList());
        }
        String html = views.render("crm/webhook", page.scope());
        return Response.status(errors.isEmpty() ? 200 : InvalidInputException.UNPROCESSABLE).entity(html)
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    private static Map<String, Object> row(Webhooks.Delivery delivery, Locale locale) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", delivery.id());
        row.put("deliveryId", delivery.deliveryId().toString());
        row.put("event", Messages.text(locale, "webhooks.event." + delivery.event()));
        row.put("status", Messages.text(locale, "webhooks.status." + delivery.status()));
        row.put("statusCode", delivery.status());
        row.put("responseCode", delivery.responseCode() == null ? "" : delivery.responseCode().toString());
        row.put("attempts", delivery.attempts());
        row.put("replays", delivery.replays());
        row.put("error", delivery.lastError() == null ? "" : delivery.lastError());
        row.put("created", TimeDisplay.dateTime(locale, delivery.createdAt()));
        row.put("lastAttempt", delivery.lastAttemptAt() == null ? "" : TimeDisplay.dateTime(locale,
                delivery.lastAttemptAt()));
        row.put("delivered", delivery.deliveredAt() == null ? "" : TimeDisplay.dateTime(locale,
                delivery.deliveredAt()));
        row.put("body", delivery.body());
        return row;
    }

    private static Webhooks.Draft draft(MultivaluedMap<String, String> posted) {
        List<String> kinds = posted.get("kinds") == null ? List.of() : posted.get("kinds");
        return new Webhooks.Draft(posted.getFirst("name"), posted.getFirst("url"), kinds,
                posted.getFirst("active") != null);
    }

    private static Map<String, String> errors(InvalidInputException refused) {
        Map<String, String> errors = new LinkedHashMap<>();
        refused.errors().forEach(problem -> errors.merge(problem.field(), problem.message(), (a, b) -> a));
        return errors;
    }
}
