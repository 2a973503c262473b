package org.matricula.platform.crm.xapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.http.Roles;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * The xAPI 1.0.3 statements resource the LMS sends learning events to: {@code POST} one statement
 * or a batch, {@code PUT} one under a given id, {@code GET} one back by id. Every call names the
 * xAPI version in {@code X-Experience-API-Version}.
 */
@Path("/xapi")
@XapiVersioned
@Produces(MediaType.APPLICATION_JSON)
public final class XapiResource {

    /** The most statements one request may carry. */
    static final int MOST_PER_BATCH = 1000;
    private static final ObjectMapper JSON = JsonMapper.create();

    private final Statements statements;
    private final Clock clock;

    XapiResource(Statements statements, Clock clock) {
        this.statements = statements;
        this.clock = clock;
    }

    @POST
    @Path("statements")
    @Consumes(MediaType.APPLICATION_JSON)
    @LmsCredentials
    @RolesAllowed(Roles.LMS_CLIENT)
    public List<String> post(String body, @Context ContainerRequestContext request) {
        Locale locale = checkedVersion(request);
        JsonNode root = parse(body, locale);
        List<Statement> batch = new StatementReader(locale, clock.instant()).batch(root, MOST_PER_BATCH);
        statements.store(batch, LmsClientFilter.caller(request).id());
        return batch.stream().map(statement -> statement.id().toString()).toList();
    }

    @PUT
    @Path("statements")
    @Consumes(MediaType.APPLICATION_JSON)
    @LmsCredentials
    @RolesAllowed(Roles.LMS_CLIENT)
    public Response put(@QueryParam("statementId") String statementId, String body,
            @Context ContainerRequestContext request) {
        Locale locale = checkedVersion(request);
        Statement statement = new StatementReader(locale, clock.instant()).single(parse(body, locale), statementId);
        statements.store(List.of(statement), LmsClientFilter.caller(request).id());
        return Response.noContent().build();
    }

    @GET
    @Path("statements")
    @LmsCredentials
    @RolesAllowed(Roles.LMS_CLIENT)
    public JsonNode get(@QueryParam("statementId") String statementId,
            @QueryParam("voidedStatementId") String voidedStatementId, @Context ContainerRequestContext request) {
        Locale locale = checkedVersion(request);
        boolean voided = statementId == null && voidedStatementId != null;
        String id = voided ? voidedStatementId : statementId;
        UUID uuid;
        try {
            uuid = UUID.fromString(id == null ? "" : id);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.unreadable(Messages.text(locale, "xapi.problem.title"),
                    List.of(new Problem.FieldProblem("statementId", Messages.text(locale, "xapi.problem.uuid"))));
        }
        return statements.find(uuid, voided, LmsClientFilter.caller(request).id())
                .orElseThrow(() -> NotFoundException.localized("xapi.statement.missing", uuid));
    }

    @GET
    @Path("about")
    @PermitAll
    public Map<String, Object> about() {
        return Map.of("version", List.of(LmsClientFilter.VERSION));
    }

    /** Requests must say which xAPI version they speak; this server speaks 1.0.x. */
    private static Locale checkedVersion(ContainerRequestContext request) {
        Locale locale = Language.of(request);
        String version = request.getHeaderString(LmsClientFilter.VERSION_HEADER);
        if (version == null || !version.strip().matches("1\\.0(\\.\\d+)?")) {
            throw InvalidInputException.unreadable(Messages.text(locale, "xapi.problem.title"), List.of(
                    new Problem.FieldProblem(LmsClientFilter.VERSION_HEADER,
                            Messages.text(locale, "xapi.problem.version", LmsClientFilter.VERSION))));
        }
        return locale;
    }

    private static JsonNode parse(String body, Locale locale) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvalidInputException.unreadable(Messages.text(locale, "xapi.problem.title"),
                    List.of(new Problem.FieldProblem("", Messages.text(locale, "xapi.problem.json"))));
        }
    }
}
