package org.matricula.platform.crm.stuck;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.http.Roles;
import org.matricula.platform.web.Language;

/** Stuck students for API clients: the rules per program and the open flags (by program and curator). */
@RolesAllowed({Roles.ADMIN, Roles.CRM_MANAGER})
@Path("/api/v1/crm/stuck")
@Produces(MediaType.APPLICATION_JSON)
public final class StuckApi {

    private final StuckStudents stuck;

    public StuckApi(StuckStudents stuck) {
        this.stuck = stuck;
    }

    @GET
    public Map<String, Object> flags(@QueryParam("program") Long program, @QueryParam("curator") UUID curator,
            @Context ContainerRequestContext request) {
        return Map.of("stuck", stuck.open(program, curator).stream().map(flag -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("person", flag.personId().toString());
            json.put("fullName", flag.fullName());
            json.put("program", flag.programId());
            json.put("reason", flag.reason());
            json.put("details", flag.details());
            json.put("since", flag.since().toString());
            json.put("curator", flag.curatorId() == null ? null : flag.curatorId().toString());
            json.put("text", StuckStudents.reason(flag, Language.of(request)));
            return json;
        }).toList());
    }

    @GET
    @Path("rules")
    public Map<String, Object> rules() {
        return Map.of("rules", stuck.rules().stream().map(StuckApi::json).toList());
    }

    @POST
    @Path("rules")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(StuckStudents.Draft draft, @Context ContainerRequestContext request) {
        StuckStudents.Draft given = draft == null ? new StuckStudents.Draft(null, null, null, null, null, null) : draft;
        return Response.status(Response.Status.CREATED).entity(json(stuck.create(given, Language.of(request)))).build();
    }

    @DELETE
    @Path("rules/{id: [0-9]+}")
    public Response delete(@PathParam("id") long id, @Context ContainerRequestContext request) {
        stuck.delete(id, Language.of(request));
        return Response.noContent().build();
    }

    static Map<String, Object> json(StuckStudents.Rule rule) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", rule.id());
        json.put("program", rule.programId());
        json.put("kind", rule.kind());
        json.put("days", rule.days());
        json.put("startsOn", rule.startsOn() == null ? null : rule.startsOn().toString());
        json.put("endsOn", rule.endsOn() == null ? null : rule.endsOn().toString());
        json.put("tolerance", rule.tolerance());
        json.put("active", rule.active());
        return json;
    }
}
