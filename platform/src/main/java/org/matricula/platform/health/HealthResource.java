package org.matricula.platform.health;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.matricula.platform.db.Database;

/** Liveness (the process answers) and readiness (database reachable, migrations done). */
@PermitAll
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    private final Database database;
    private final Supplier<List<Map<String, String>>> pluginStates;

    public HealthResource(Database database, Supplier<List<Map<String, String>>> pluginStates) {
        this.database = database;
        this.pluginStates = pluginStates;
    }

    @GET
    @Path("/live")
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }

    @GET
    @Path("/ready")
    public Response ready() {
        boolean reachable = database.isReachable();
        boolean migrated = database.isMigrated();
        boolean ready = reachable && migrated;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("database", reachable ? "UP" : "DOWN");
        body.put("migrations", migrated ? "DONE" : "PENDING");
        body.put("plugins", pluginStates.get());
        return Response.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
    }
}
