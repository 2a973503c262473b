package org.matricula.platform.accounts;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.AdminAccess;
import org.matricula.platform.web.Language;

/** Platform admins give accounts their roles: project admins with projects, coordinators with an organization. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/users/{id}/role")
@Produces(MediaType.APPLICATION_JSON)
public final class StaffRolesApi {

    private final StaffRoles roles;

    public StaffRolesApi(StaffRoles roles) {
        this.roles = roles;
    }

    @GET
    public StaffRoles.Current show(@PathParam("id") UUID id, @Context ContainerRequestContext request) {
        AdminAccess.admin(request);
        return roles.current(id);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public StaffRoles.Current assign(@PathParam("id") UUID id, StaffRoles.Assignment assignment,
            @Context ContainerRequestContext request) {
        AdminAccess.writingAdmin(request, null);
        if (assignment == null) {
            throw InvalidInputException.field("role", Messages.text(Language.of(request), "accounts.roles.send"));
        }
        return roles.assign(id, assignment, Language.of(request));
    }
}
