package org.matricula.platform.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Times every request by route template and status ({@code http_server_requests_seconds}), so
 * {@code /api/families/{id}} is one series however many ids are asked for. A route's text and
 * its timers are made once and kept: a request only looks them up.
 */
public final class RouteMetrics implements ApplicationEventListener {

    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

    private final MeterRegistry registry;
    /** Route text by the matched templates (outermost last, as Jersey lists them). */
    private final Map<List<UriTemplate>, String> routes = new ConcurrentHashMap<>();
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    /** One timer's tags. */
    private record Series(String method, String route, int status) {
    }

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
                timers.computeIfAbsent(new Series(event.getContainerRequest().getMethod(), route, status),
                        series -> Timer.builder("http.server.requests")
                                .tag("method", series.method())
                                .tag("uri", series.route())
                                .tag("status", Integer.toString(series.status()))
                                .register(registry))
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        };
    }

    private String route(RequestEvent event) {
        List<UriTemplate> templates = event.getUriInfo().getMatchedTemplates();
        if (templates.isEmpty()) {
            return "UNMATCHED";
        }
        String known = routes.get(templates);
        return known != null ? known : routes.computeIfAbsent(List.copyOf(templates), RouteMetrics::routeOf);
    }

    static String routeOf(List<UriTemplate> templates) {
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            route.append(templates.get(i).getTemplate());
        }
        String path = REPEATED_SLASHES.matcher(route).replaceAll("/");
        return path.isEmpty() ? "/" : path;
    }
}
