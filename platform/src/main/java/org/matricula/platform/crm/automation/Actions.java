package org.matricula.platform.crm.automation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.platform.plugins.PluginFailure;
import org.matricula.platform.plugins.PluginService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plugins' scenario actions, each named {@code <plugin id>/<action id>}. */
public final class Actions {

    private static final Logger log = LoggerFactory.getLogger(Actions.class);

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
            try {
                all.put(plugin + "/" + action.id(), action);
            } catch (Throwable e) {
                // left out, as if not installed: its steps fail and are retried, the others run
                log.warn("Scenario action left out, as {}", plugins.failure(plugin, action, "to tell its id", e)
                        .getMessage());
            }
        }
        return all;
    }

    /**
     * Asks whether an action is ready and runs it: what it throws as an {@link ActionFailure} comes
     * back as it is, any other failure of its plugin's code as a {@link PluginFailure} naming the
     * plugin (an ordinary failure, retried), so that an error such as a class gone with an upgrade
     * mid-call fails the step rather than the outbox worker that runs it.
     *
     * @throws ActionFailure when the action is not ready, or tells that the work could not be done
     */
    public ActionResult execute(String name, ScenarioAction action, ActionCall call) throws ActionFailure {
        String plugin = plugins.pluginIdOf(action).orElse("platform");
        boolean ready;
        try {
            ready = action.ready();
        } catch (Throwable e) {
            throw plugins.failure(plugin, action, "to tell whether action " + name + " is ready", e);
        }
        if (!ready) {
            throw new ActionFailure("the action " + name + " is not set up", true);
        }
        try {
            return Objects.requireNonNull(action.execute(call), "execute answered null");
        } catch (ActionFailure told) {
            throw told;
        } catch (Throwable e) {
            throw plugins.failure(plugin, action, "to run action " + name, e);
        }
    }

    public Optional<ScenarioAction> find(String name) {
        return Optional.ofNullable(all().get(name == null ? "" : name.strip()));
    }
}
