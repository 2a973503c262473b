package org.matricula.platform.accounts;

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
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.web.Language;

/** The registered-users list as JSON and CSV for API clients of the administration. */
@Path("/api/v1/admin")
public final class UsersListApi {

    private final AdminList list;

    public UsersListApi(AdminList list) {
        this.list = list;
    }

    @GET
    @Path("users")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> list(@Context ContainerRequestContext request, @Context UriInfo uri,
            @QueryParam("lang") String lang, @Context HttpHeaders headers) {
        return list.json(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }

    @GET
    @Path("users.csv")
    public Response csv(@Context ContainerRequestContext request, @Context UriInfo uri, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return list.csv(AdminAccess.admin(request), uri, Language.of(lang, headers));
    }
}
