package org.matricula.platform.privacy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.AdminAccess;

/**
 * A platform admin erases an account when its owner asks by other means (a letter, say). The
 * session filter keeps everyone else out and the CSRF filter demands the header, as for every
 * admin API call.
 */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminErasureApi {

    /** What was done: the account is erased and this many of its declarations anonymized. */
    public record Erased(UUID id, int declarations) {
    }

    private final Erasure erasure;

    AdminErasureApi(Erasure erasure) {
        this.erasure = erasure;
    }

    /** 404 for an unknown account, 409 for one already erased or for the admin's own. */
    @POST
    @Path("users/{id}/erase")
    public Erased erase(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        CurrentUser admin = AdminAccess.admin(request);
        return new Erased(id, erasure.eraseByAdmin(id, admin.id()));
    }
}
