package org.matricula.platform.registration;

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

/** The registrations list pages of the administration: the list, its CSV export and saving the view. */
@RolesAllowed(Roles.STAFF)
@Path("/admin")
public final class DeclarationsListPages {

    private final AdminList list;

    public DeclarationsListPages(AdminList list) {
        this.list = list;
    }

    @GET
    @Path("declarations")
    @Produces(MediaType.TEXT_HTML)
    public String page(@Context ContainerRequestContext request, @Context UriInfo uri, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return list.html(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("declarations.csv")
    public Response csv(@Context ContainerRequestContext request, @Context UriInfo uri, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return list.csv(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @POST
    @Path("declarations/view")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveView(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers, MultivaluedMap<String, String> form) {
        return list.saveView(AdminAccess.staff(request), form, Language.of(lang, headers));
    }
}
