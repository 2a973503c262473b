package org.matricula.platform.lists;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Language;

/** The platform admins' lists (registered users, the audit log) as JSON and CSV for API clients. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin")
public final class PlatformAdminListApi {

    private final NamedLists lists;

    public PlatformAdminListApi(NamedLists lists) {
        this.lists = lists;
    }

    @GET
    @Path("{list: users|audit}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list(@PathParam("list") String name, @Context ContainerRequestContext request,
            @Context UriInfo uri, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return lists.get(name).json(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("{list: users|audit}.csv")
    public Response csv(@PathParam("list") String name, @Context ContainerRequestContext request,
            @Context UriInfo uri, @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return lists.get(name).csv(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }
}
