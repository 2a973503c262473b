package org.matricula.platform.notify;

import org.matricula.platform.errors.NotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.AdminAccess;

/** The "Retry" button of the mail log's dead-letter list. */
@RolesAllowed(Roles.ADMIN)
@Path("/admin/outbox")
public final class DeadLetterPages {

    private final DeadLetters deadLetters;

    public DeadLetterPages(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @POST
    @Path("{id}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retry(@PathParam("id") long id, @Context ContainerRequestContext request,
            MultivaluedMap<String, String> posted) {
        AdminAccess.writingAdmin(request, posted.getFirst(AdminAccess.CSRF_FIELD));
        if (!deadLetters.retry(id)) {
            throw NotFoundException.localized("refusal.deadLetter.missing", id);
        }
        return Response.seeOther(URI.create("/admin/mail")).build();
    }
}
