package org.matricula.platform.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.db.Database;
import org.matricula.platform.plugins.PluginService;

/** Registers the probes and the Prometheus metrics. */
public final class HealthModule {

    private HealthModule() {
    }

    public static void register(ResourceConfig app, Database database, PluginService plugins,
            PrometheusMeterRegistry registry) {
        app.register(new HealthResource(database, () -> pluginStates(plugins)))
                .register(new MetricsResource(registry));
    }

    private static List<Map<String, String>> pluginStates(PluginService plugins) {
        return plugins.list().stream().map(info -> Map.of("id", info.id(), "state", info.state())).toList();
    }
}
