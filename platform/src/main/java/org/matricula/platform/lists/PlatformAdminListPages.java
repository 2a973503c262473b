package org.matricula.platform.lists;

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
import java.util.Locale;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Language;

/**
 * The lists only platform admins see (registered users, the audit log) as pages, CSV exports and
 * saved views; one resource serves them all by name.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/admin")
public final class PlatformAdminListPages {

    private final NamedLists lists;

    public PlatformAdminListPages(NamedLists lists) {
        this.lists = lists;
    }

    @GET
    @Path("{list: users|audit}")
    @Produces(MediaType.TEXT_HTML)
    public String page(@PathParam("list") String name, @Context ContainerRequestContext request,
            @Context UriInfo uri, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return lists.get(name).html(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("{list: users|audit}.csv")
    public Response csv(@PathParam("list") String name, @Context ContainerRequestContext request,
            @Context UriInfo uri, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return lists.get(name).csv(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }

    @POST
    @Path("{list: users|audit}/view")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveView(@PathParam("list") String name, @Context ContainerRequestContext request,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        return lists.get(name).saveView(AdminAccess.admin(request), form, Language.of(lang, headers));
    }

    /** The ticked rows exported as CSV, the one bulk action of these lists. */
    @POST
    @Path("{list: users|audit}/bulk")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response bulk(@PathParam("list") String name, @Context ContainerRequestContext request,
            @QueryParam("lang") String lang, @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        Locale locale = Language.of(lang, headers);
        String action = form.getFirst("action");
        if (action != null && !action.strip().equals("export")) {
            throw InvalidInputException.field("action", Messages.text(locale, "lists.bulk.action"));
        }
        return lists.get(name).exportSelected(AdminAccess.admin(request), form, locale);
    }
}
