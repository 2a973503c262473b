package org.matricula.platform.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.matricula.api.event.DeclarationEvent;
import org.matricula.api.event.DeclarationListener;
import org.matricula.api.event.DeclarationSubmitted;
import org.matricula.api.event.StatusChanged;
import org.matricula.platform.plugins.PluginService;

/**
 * Declaration events for plugin integrations. Publishing writes one outbox entry per interested
 * plugin, in the caller's transaction, so one plugin's failing webhook retries on its own and
 * never delays another plugin or the applicant. Delivery happens in the outbox worker.
 */
public final class PluginEvents implements OutboxHandler {

    private final PluginService plugins;
    private final Outbox outbox;
    private final ObjectMapper json;

    /** The stored form of an event: which record it is, and the record. */
    record Envelope(String type, DeclarationSubmitted submitted, StatusChanged statusChanged) {
    }

    public PluginEvents(PluginService plugins, Outbox outbox, ObjectMapper json) {
        this.plugins = plugins;
        this.outbox = outbox;
        this.json = json;
    }

    public void publish(Handle handle, DeclarationEvent event) {
        Envelope envelope = event instanceof DeclarationSubmitted submitted
                ? new Envelope("submitted", submitted, null)
                : new Envelope("statusChanged", null, (StatusChanged) event);
        targets(event.familyId()).forEach(pluginId -> outbox.enqueue(handle, Outbox.EVENT, pluginId, envelope));
    }

    /** The plugins that want events about declarations of this family: one outbox entry each. */
    public Set<String> targets(String familyId) {
        Set<String> targets = new LinkedHashSet<>();
        for (DeclarationListener listener : plugins.extensions(DeclarationListener.class)) {
            if (listener.appliesTo(familyId)) {
                plugins.pluginIdOf(listener).ifPresent(targets::add);
            }
        }
        return targets;
    }

    @Override
    public void handle(OutboxItem item) throws Exception {
        Envelope envelope = json.readValue(item.payload(), Envelope.class);
        deliver(item.target(), envelope.submitted() != null ? envelope.submitted() : envelope.statusChanged());
    }

    /** Hands an event to the listeners of one plugin; throws, for a retry, while that plugin is not running. */
    public void deliver(String pluginId, DeclarationEvent event) throws Exception {
        List<DeclarationListener> listeners = plugins.extensions(DeclarationListener.class).stream()
                .filter(listener -> plugins.pluginIdOf(listener).filter(pluginId::equals).isPresent())
                .toList();
        if (listeners.isEmpty()) {
            // Disabled, failed or being upgraded: keep the event until the plugin serves again.
            throw new IllegalStateException("plugin '" + pluginId + "' is not running");
        }
        for (DeclarationListener listener : listeners) {
            if (!listener.appliesTo(event.familyId())) {
                continue;
            }
            if (event instanceof DeclarationSubmitted submitted) {
                listener.onSubmitted(submitted);
            } else {
                listener.onStatusChanged((StatusChanged) event);
            }
        }
    }
}
