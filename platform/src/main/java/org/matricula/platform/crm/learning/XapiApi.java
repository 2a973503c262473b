package org.matricula.platform.crm.learning;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.matricula.platform.web.Language;

/**
 * The xAPI 1.0.3 statements resource for the LMS: {@code POST} one statement or a batch (answered
 * with their ids), {@code PUT} one under {@code ?statementId=} (answered 204). A statement whose id
 * is already stored changes nothing.
 */
@Path("/xapi/statements")
public final class XapiApi {

    private static final String VERSION = "X-Experience-API-Version";

    private final Statements statements;

    public XapiApi(Statements statements) {
        this.statements = statements;
    }

    @POST
    @LmsClientRequired
    @RolesAllowed(LmsClientFilter.ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(JsonNode body, @Context ContainerRequestContext request) {
        List<UUID> ids = statements.store(client(request), body, null, Language.of(request));
        return Response.ok(ids.stream().map(UUID::toString).toList()).header(VERSION, "1.0.3").build();
    }

    @PUT
    @LmsClientRequired
    @RolesAllowed(LmsClientFilter.ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@QueryParam("statementId") UUID statementId, JsonNode body,
            @Context ContainerRequestContext request) {
        if (statementId == null || body == null || !body.isObject()) {
            return Response.status(400).header(VERSION, "1.0.3").build();
        }
        statements.store(client(request), body, statementId, Language.of(request));
        return Response.noContent().header(VERSION, "1.0.3").build();
    }

    private static long client(ContainerRequestContext request) {
        return ((LmsClients.Client) request.getProperty(LmsClientFilter.CLIENT)).id();
    }
}
