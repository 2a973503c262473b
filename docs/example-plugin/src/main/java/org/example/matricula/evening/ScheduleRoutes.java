package org.example.matricula.evening;

import java.util.List;
import java.util.Map;
import org.matricula.api.web.Access;
import org.matricula.api.web.PluginResponse;
import org.matricula.api.web.PluginRoutes;
import org.matricula.api.web.Role;
import org.matricula.api.web.Route;
import org.pf4j.Extension;

/**
 * The evening school's own routes (API 1.2): the weekdays its courses run on as JSON, for anyone,
 * and a page for platform admins, under /plugins/evening-school/.
 */
@Extension
public class ScheduleRoutes implements PluginRoutes {

    private static final List<String> WEEKDAYS = List.of("monday", "wednesday", "thursday");

    @Override
    public List<Route> routes() {
        return List.of(
                Route.get("/weekdays", request -> PluginResponse.json(Map.of("weekdays", WEEKDAYS)))
                        .allow(Access.anyone()),
                Route.get("/admin", request -> PluginResponse.page("Evening school",
                        "<link rel=\"stylesheet\" href=\"" + request.assetUrl("schedule.css") + "\"/>"
                                + "<p class=\"weekdays\">" + String.join(", ", WEEKDAYS) + "</p>"))
                        .allow(Access.roles(Role.ADMIN)));
    }
}
