package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.glassfish.jersey.uri.UriTemplate;
import org.junit.jupiter.api.Test;

class RouteMetricsTest {

    @Test
    void aRouteIsItsTemplatesOutermostFirstWithSlashesOnce() {
        // Jersey lists the matched templates innermost first.
        assertEquals("/api/v1/me/declarations/{id}", RouteMetrics.routeOf(List.of(new UriTemplate("/{id}"),
                new UriTemplate("/api/v1/me/declarations/"))));
        assertEquals("/apply/{slug}", RouteMetrics.routeOf(List.of(new UriTemplate("/apply/{slug}"))));
        assertEquals("/", RouteMetrics.routeOf(List.of(new UriTemplate("/"))));
    }
}
