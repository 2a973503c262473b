package org.matricula.platform.notify;

import org.matricula.platform.errors.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.AdminAccess;

/** The outbox's dead-letter list for platform admins, and the retry of one entry. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/v1/admin/outbox")
@Produces(MediaType.APPLICATION_JSON)
public final class DeadLettersApi {

    private final DeadLetters deadLetters;

    public DeadLettersApi(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Path("dead")
    public List<DeadLetters.DeadLetter> dead(@Context ContainerRequestContext request) {
        AdminAccess.admin(request);
        return deadLetters.list();
    }

    @POST
    @Path("{id}/retry")
    public Map<String, Object> retry(@PathParam("id") long id, @Context ContainerRequestContext request) {
        AdminAccess.writingAdmin(request, null);
        if (!deadLetters.retry(id)) {
            throw NotFoundException.localized("refusal.deadLetter.missing", id);
        }
        return Map.of("id", id, "status", "PENDING");
    }
}
