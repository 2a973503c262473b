package org.matricula.platform.crm.automation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.platform.plugins.PluginService;

/** The plugins' scenario actions, each named {@code <plugin id>/<action id>}. */
public final class Actions {

    private final PluginService plugins;

    public Actions(PluginService plugins) {
        this.plugins = plugins;
    }

    /** The actions installed now, by name. */
    public Map<String, ScenarioAction> all() {
        Map<String, ScenarioAction> all = new LinkedHashMap<>();
        if (plugins == null) {
            return all;
        }
        for (ScenarioAction action : plugins.extensions(ScenarioAction.class)) {
            String plugin = plugins.pluginIdOf(action).orElse("platform");
            all.put(plugin + "/" + action.id(), action);
        }
        return all;
    }

    public Optional<ScenarioAction> find(String name) {
        return Optional.ofNullable(all().get(name == null ? "" : name.strip()));
    }
}
