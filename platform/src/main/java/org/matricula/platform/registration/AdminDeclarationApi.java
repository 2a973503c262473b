package org.matricula.platform.registration;

import jakarta.ws.rs.Consumes;
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
import java.util.UUID;
import org.matricula.platform.accounts.CurrentUser;
import org.matricula.platform.http.InvalidInputException;

/** A declaration for admins as JSON: its data, documents, history, and status changes. */
@Path("/api/v1/admin/declarations/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminDeclarationApi {

    private final Declarations declarations;
    private final Documents documents;

    public AdminDeclarationApi(Declarations declarations, Documents documents) {
        this.declarations = declarations;
        this.documents = documents;
    }

    /** A status change: the new status and a comment for the history and the applicant's mail. */
    public record StatusChange(String status, String comment) {
    }

    @GET
    public Map<String, Object> show(@PathParam("id") UUID id) {
        Declaration declaration = declarations.require(id);
        return Map.of("declaration", DeclarationJson.of(declaration), "history", declarations.history(id),
                "documents", documents.of(id),
                "nextStatuses", declaration.status().next().stream().map(Status::name).sorted().toList());
    }

    @POST
    @Path("/status")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeclarationJson changeStatus(@PathParam("id") UUID id, StatusChange change,
            @Context ContainerRequestContext request) {
        if (change == null) {
            throw InvalidInputException.field("status", "Send {\"status\": ..., \"comment\": ...}");
        }
        UUID actor = CurrentUser.of(request).map(CurrentUser::id).orElse(null);
        return DeclarationJson.of(declarations.changeStatus(id, Status.parse(change.status()), change.comment(),
                actor));
    }

    @GET
    @Path("/history")
    public List<HistoryEntry> history(@PathParam("id") UUID id) {
        declarations.require(id);
        return declarations.history(id);
    }
}
