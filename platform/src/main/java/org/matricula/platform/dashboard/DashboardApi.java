package org.matricula.platform.dashboard;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Language;

/** The dashboard's counts as JSON, for admins. */
@RolesAllowed(Roles.STAFF)
@Path("/api/v1/admin/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public final class DashboardApi {

    private final Dashboard dashboard;

    public DashboardApi(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GET
    public Dashboard.Snapshot snapshot(@Context ContainerRequestContext request, @QueryParam("lang") String lang,
            @Context HttpHeaders headers) {
        return dashboard.snapshot(AdminAccess.staff(request), Language.of(lang, headers));
    }
}
