package org.matricula.platform.crm.bank;

import org.matricula.platform.http.BodyLimit;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Language;

/**
 * Bank statements for API clients of the administration: import a 1C client-bank exchange file
 * as the request body, list the lines waiting to be matched, match one by hand.
 */
@RolesAllowed({Roles.ADMIN, Roles.AUTOMATION})
@Path("/api/v1/bank")
@Produces(MediaType.APPLICATION_JSON)
public final class BankApi {

    private final Statements statements;

    public BankApi(Statements statements) {
        this.statements = statements;
    }

    @POST
    @Path("statements")
    @BodyLimit(megabytes = 64) // a year of a busy account's statements
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    public Map<String, Object> importStatement(byte[] file, @QueryParam("name") String name,
            @Context ContainerRequestContext request) {
        return Statements.json(statements.importStatement(file, name, actor(request), Language.of(request)));
    }

    @GET
    @Path("lines")
    public Map<String, Object> lines(@QueryParam("state") String state) {
        String chosen = state == null || state.isBlank() ? "UNMATCHED" : state.strip().toUpperCase(Locale.ROOT);
        return Map.of("lines", statements.lines(chosen, 1000));
    }

    public record MatchInput(UUID invoiceId, UUID personId, Long organizationId) {
    }

    @POST
    @Path("lines/{id}/match")
    @Consumes(MediaType.APPLICATION_JSON)
    public Statements.Line match(@PathParam("id") long id, MatchInput input,
            @Context ContainerRequestContext request) {
        MatchInput given = input == null ? new MatchInput(null, null, null) : input;
        return statements.matchByHand(id, given.invoiceId(), given.personId(), given.organizationId(),
                actor(request), Language.of(request));
    }

    private static UUID actor(ContainerRequestContext request) {
        return CurrentUser.of(request).map(CurrentUser::id).orElse(null);
    }
}
