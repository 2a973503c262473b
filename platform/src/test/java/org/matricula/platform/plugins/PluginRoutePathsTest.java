package org.matricula.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.matricula.api.web.Access;
import org.matricula.api.web.PluginResponse;
import org.matricula.api.web.Role;
import org.matricula.api.web.Route;

/** How a plugin route's path fits a request's path, and what a route allows by default. */
class PluginRoutePathsTest {

    @Test
    void parameterSegmentsAreReadAndEverythingElseMustBeEqual() {
        assertEquals(Optional.of(Map.of()), PluginRoutesResource.parameters("/stats", "/stats"));
        assertEquals(Optional.of(Map.of()), PluginRoutesResource.parameters("/stats", "/stats/"));
        assertEquals(Optional.of(Map.of("id", "7", "part", "a")),
                PluginRoutesResource.parameters("/notes/{id}/{part}", "/notes/7/a"));
        assertEquals(Optional.empty(), PluginRoutesResource.parameters("/notes/{id}", "/notes"));
        assertEquals(Optional.empty(), PluginRoutesResource.parameters("/notes/{id}", "/notes/7/extra"));
        assertEquals(Optional.empty(), PluginRoutesResource.parameters("/stats", "/status"));
    }

    @Test
    void aRouteAllowsNobodyUntilItSaysSo() {
        Route route = Route.get("/x", request -> PluginResponse.status(204));
        assertEquals(false, route.access().allows(Optional.empty()));
        assertEquals(false, route.access().allows(Optional.of(Role.ADMIN)));
        Route admins = route.allow(Access.roles(Role.ADMIN));
        assertEquals(true, admins.access().allows(Optional.of(Role.ADMIN)));
        assertEquals(false, admins.access().allows(Optional.of(Role.APPLICANT)));
        assertEquals(false, admins.access().allows(Optional.empty()));
        assertEquals(true, route.allow(Access.anyone()).access().allows(Optional.empty()));
        assertEquals(false, route.allow(Access.signedIn()).access().allows(Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> Route.get("/assets/x", request -> null),
                "the platform's asset path is not the plugin's");
        assertThrows(IllegalArgumentException.class, () -> Route.get("relative", request -> null));
    }
}
