package org.matricula.platform.crm.billing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.matricula.platform.http.Roles;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Language;

/** The arrears list for the administration: the page, its CSV and saved views (the JSON is in {@link BillingApi}). */
@RolesAllowed(Roles.ADMIN)
@Path("/admin")
public final class ArrearsPages {

    private final AdminList list;

    public ArrearsPages(AdminList list) {
        this.list = list;
    }

    @GET
    @Path("arrears")
    @Produces(MediaType.TEXT_HTML)
    public String page(@Context ContainerRequestContext request, @Context UriInfo uri,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return list.html(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("arrears.csv")
    public Response csv(@Context ContainerRequestContext request, @Context UriInfo uri, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return list.csv(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }

    @POST
    @Path("arrears/view")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response saveView(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        return list.saveView(AdminAccess.admin(request), form, Language.of(lang, headers));
    }
}
