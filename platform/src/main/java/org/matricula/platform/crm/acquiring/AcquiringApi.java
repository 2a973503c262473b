package org.matricula.platform.crm.acquiring;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.api.payments.AcquiringException;
import org.matricula.api.payments.ProviderNotification;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acquiring over HTTP: the providers' notifications (anyone may call; the plugin verifies each with
 * its provider), and for administrators the payments made through providers and their refunds.
 */
@Path("/api/v1/acquiring")
@Produces(MediaType.APPLICATION_JSON)
public final class AcquiringApi {

    /** A provider's notification is a small JSON object; anything larger is not one. */
    static final int NOTIFICATION_LIMIT = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AcquiringApi.class);

    private final Acquiring acquiring;

    public AcquiringApi(Acquiring acquiring) {
        this.acquiring = acquiring;
    }

    /**
     * A provider's notification, handed unread to the plugin {@code plugin}, which verifies it with
     * its provider. 200 once taken (applied, known already, of no interest, or refused as not
     * bookable, which delivering again would not change); 404 for no such provider; 413 above
     * 64 KiB; 503 when the provider could not be asked, so it delivers again.
     */
    @POST
    @Path("{plugin}/notifications")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Response notification(@PathParam("plugin") String plugin, @Context HttpHeaders headers,
            @Context HttpServletRequest servlet, InputStream body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(NOTIFICATION_LIMIT + 1);
        if (bytes.length > NOTIFICATION_LIMIT) {
            throw new WebApplicationException(Messages.text(Locale.ENGLISH, "acquiring.notificationTooLarge",
                    NOTIFICATION_LIMIT), Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        Map<String, List<String>> lowerCase = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> lowerCase.put(name.toLowerCase(Locale.ROOT), values));
        ProviderNotification notification = new ProviderNotification(lowerCase,
                new String(bytes, StandardCharsets.UTF_8), servlet == null ? "" : servlet.getRemoteAddr());
        try {
            return Response.ok(Map.of("result", acquiring.notify(plugin, notification).name())).build();
        } catch (AcquiringException unverified) {
            LOG.warn("Acquiring notification for {} not verified now: {}", plugin, unverified.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "60")
                    .entity(Map.of("result", "UNVERIFIED")).build();
        }
    }

    /** The payments made through providers for an invoice or a person. */
    @GET
    @Path("payments")
    @RolesAllowed(Roles.ADMIN)
    public List<Acquiring.AcquiringPayment> payments(@QueryParam("invoiceId") UUID invoice,
            @QueryParam("personId") UUID person, @Context ContainerRequestContext request) {
        if (invoice != null) {
            return acquiring.ofInvoice(invoice, Language.of(request));
        }
        return person == null ? List.of() : acquiring.ofPerson(person, Language.of(request));
    }

    @GET
    @Path("payments/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Acquiring.AcquiringPayment payment(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        return acquiring.payment(id, Language.of(request));
    }

    /**
     * Takes the mark off a payment left for a person (its {@code attention}) once they have checked
     * it with the provider; 409 when nothing is marked.
     */
    @POST
    @Path("payments/{id}/resolve")
    @RolesAllowed(Roles.ADMIN)
    public Acquiring.AcquiringPayment resolve(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        return acquiring.resolve(id, null, Language.of(request));
    }

    public record RefundInput(String amount) {
    }

    /** Gives back money of a succeeded payment through its provider. */
    @POST
    @Path("payments/{id}/refunds")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> refund(@PathParam("id") UUID id, RefundInput input,
            @Context ContainerRequestContext request) {
        return acquiring.refund(id, input == null ? null : input.amount(),
                CurrentUser.of(request).map(CurrentUser::id).orElse(null), Language.of(request));
    }
}
