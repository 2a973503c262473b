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
        Set<String> targets = new LinkedHashSet<>();
        for (DeclarationListener listener : plugins.extensions(DeclarationListener.class)) {
            if (listener.appliesTo(event.familyId())) {
                plugins.pluginIdOf(listener).ifPresent(targets::add);
            }
        }
        Envelope envelope = event instanceof DeclarationSubmitted submitted
                ? new Envelope("submitted", submitted, null)
                : new Envelope("statusChanged", null, (StatusChanged) event);
        targets.forEach(pluginId -> outbox.enqueue(handle, Outbox.EVENT, pluginId, envelope));
    }

    @Override
    public void handle(OutboxItem item) throws Exception {
        Envelope envelope = json.readValue(item.payload(), Envelope.class);
        List<DeclarationListener> listeners = plugins.extensions(DeclarationListener.class).stream()
                .filter(listener -> plugins.pluginIdOf(listener).filter(item.target()::equals).isPresent())
                .toList();
        if (listeners.isEmpty()) {
            // Disabled, failed or being upgraded: keep the event until the plugin serves again.
            throw new IllegalStateException("plugin '" + item.target() + "' is not running");
        }
        for (DeclarationListener listener : listeners) {
            if (envelope.submitted() != null && listener.appliesTo(envelope.submitted().familyId())) {
                listener.onSubmitted(envelope.submitted());
            } else if (envelope.statusChanged() != null && listener.appliesTo(envelope.statusChanged().familyId())) {
                listener.onStatusChanged(envelope.statusChanged());
            }
        }
    }
}
