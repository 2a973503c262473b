package org.matricula.platform.registration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Language;

/** The registrations list as JSON and CSV for API clients of the administration. */
@RolesAllowed(Roles.STAFF)
@Path("/api/v1/admin")
public final class DeclarationsListApi {

    private final AdminList list;

    public DeclarationsListApi(AdminList list) {
        this.list = list;
    }

    @GET
    @Path("declarations")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list(@Context ContainerRequestContext request, @Context UriInfo uri,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return list.json(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("declarations.csv")
    public Response csv(@Context ContainerRequestContext request, @Context UriInfo uri, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return list.csv(AdminAccess.staff(request), uri, Language.of(lang, headers));
    }
}
