package org.matricula.platform.plugins;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.Supplier;

/**
 * Plugin states as metrics: {@code matricula_plugins{state}} counts plugins per state, and
 * {@code matricula_plugin_state{plugin,state}} is 1 for each plugin's current state.
 */
final class PluginMetrics {

    private final Supplier<List<PluginInfo>> plugins;
    private final MultiGauge perPlugin;

    PluginMetrics(MeterRegistry registry, Supplier<List<PluginInfo>> plugins) {
        this.plugins = plugins;
        for (String state : List.of(PluginService.STARTED, PluginService.DISABLED, PluginService.FAILED)) {
            Gauge.builder("matricula.plugins", () -> count(state)).tag("state", state)
                    .description("Plugins per state").register(registry);
        }
        this.perPlugin = MultiGauge.builder("matricula.plugin.state")
                .description("1 for the current state of each plugin").register(registry);
    }

    private long count(String state) {
        return plugins.get().stream().filter(plugin -> state.equals(plugin.state())).count();
    }

    void refresh() {
        perPlugin.register(plugins.get().stream()
                .map(plugin -> Tags.of("plugin", plugin.id(), "state", plugin.state()))
                // two refused files of one Plugin-Id make one row
                .distinct()
                .map(tags -> MultiGauge.Row.of(tags, 1))
                .toList(), true);
    }
}
