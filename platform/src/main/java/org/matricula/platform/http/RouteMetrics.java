package org.matricula.platform.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Times every request by route template and status ({@code http_server_requests_seconds}), so
 * {@code /api/families/{id}} is one series however many ids are asked for.
 */
public final class RouteMetrics implements ApplicationEventListener {

    private final MeterRegistry registry;

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // nothing to do at application level
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        long started = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                String route = route(event);
                event.getContainerRequest().setProperty(RequestIdFilter.ROUTE_ATTRIBUTE, route);
                ContainerResponse response = event.getContainerResponse();
                int status = response == null ? 500 : response.getStatus();
                Timer.builder("http.server.requests")
                        .tag("method", event.getContainerRequest().getMethod())
                        .tag("uri", route)
                        .tag("status", Integer.toString(status))
                        .register(registry)
                        .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        };
    }

    private static String route(RequestEvent event) {
        List<UriTemplate> templates = event.getUriInfo().getMatchedTemplates();
        if (templates.isEmpty()) {
            return "UNMATCHED";
        }
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            route.append(templates.get(i).getTemplate());
        }
        String path = route.toString().replaceAll("/{2,}", "/");
        return path.isEmpty() ? "/" : path;
    }
}
