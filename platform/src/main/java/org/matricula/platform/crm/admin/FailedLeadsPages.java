package org.matricula.platform.crm.admin;

import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.web.Flash;
import org.matricula.platform.web.Language;
import org.matricula.platform.web.Page;
import org.matricula.platform.web.SignedIn;
import org.matricula.platform.web.Views;

/**
 * The leads accepted from a website that could not be written into the CRM after every attempt:
 * what failed, and for each lead a new attempt once the cause is mended, or throwing it away.
 */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/admin/crm/lead-sources/failed")
@Produces(MediaType.TEXT_HTML)
public final class FailedLeadsPages {

    private final LeadInbox inbox;
    private final Views views;

    public FailedLeadsPages(LeadInbox inbox, Views views) {
        this.inbox = inbox;
        this.views = views;
    }

    @GET
    public String list(@QueryParam("lang") String lang, @Context HttpHeaders headers,
            @Context ContainerRequestContext request) {
        Locale locale = Language.of(lang, headers);
        List<Map<String, Object>> leads = inbox.givenUp().stream().map(lead -> Map.<String, Object>of("id", lead.id(),
                "source", Objects.toString(lead.source(), ""),
                "received", TimeDisplay.dateTime(locale, lead.receivedAt()),
                "person", Objects.toString(lead.name(), ""), "contact", Objects.toString(lead.contact(), ""),
                "failure", Objects.toString(lead.failure(), ""))).toList();
        return views.render("crm/failed-leads", Page.of(Messages.text(locale, "crm.failedLeads.title"), locale,
                SignedIn.user(request)).with("leads", leads).with("any", !leads.isEmpty()).scope());
    }

    @POST
    @Path("{id: [0-9]+}/retry")
    public Response retry(@PathParam("id") long id, @Context ContainerRequestContext request) {
        return backToTheList(inbox.retry(id), id, request, "flash.leadRetried");
    }

    @POST
    @Path("{id: [0-9]+}/discard")
    public Response discard(@PathParam("id") long id, @Context ContainerRequestContext request) {
        return backToTheList(inbox.discard(id), id, request, "flash.deleted");
    }

    /** Back to the list with the flash, or 404 when no lead given up on had the number. */
    private static Response backToTheList(boolean found, long id, ContainerRequestContext request, String flash) {
        if (!found) {
            throw NotFoundException.localized("crm.failedLeads.missing", id);
        }
        Flash.put(request, flash);
        return Response.seeOther(URI.create("/admin/crm/lead-sources/failed")).build();
    }
}
