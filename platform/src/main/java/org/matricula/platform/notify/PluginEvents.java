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
import org.matricula.platform.plugins.PluginFailure;
import org.matricula.platform.plugins.PluginService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declaration events for plugin integrations. Publishing writes one outbox entry per interested
 * plugin, in the caller's transaction, so one plugin's failing webhook retries on its own and
 * never delays another plugin or the applicant. Delivery happens in the outbox worker.
 */
public final class PluginEvents implements OutboxHandler {

    private static final Logger log = LoggerFactory.getLogger(PluginEvents.class);

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

    /**
     * The plugins that want events about declarations of this family: one outbox entry each. A
     * plugin that fails to say whether it wants them gets the entry, so that the applicant's
     * submission goes on and its delivery, which asks again, is retried and shown as failing.
     */
    public Set<String> targets(String familyId) {
        Set<String> targets = new LinkedHashSet<>();
        for (DeclarationListener listener : plugins.extensions(DeclarationListener.class)) {
            plugins.pluginIdOf(listener).ifPresent(pluginId -> {
                if (applies(pluginId, listener, familyId)) {
                    targets.add(pluginId);
                }
            });
        }
        return targets;
    }

    private boolean applies(String pluginId, DeclarationListener listener, String familyId) {
        try {
            return listener.appliesTo(familyId);
        } catch (Throwable e) {
            log.warn("Event queued for {}", plugins.failure(pluginId, listener,
                    "to say whether it listens to family " + familyId, e).getMessage());
            return true;
        }
    }

    @Override
    public void handle(OutboxItem item) throws Exception {
        Envelope envelope = json.readValue(item.payload(), Envelope.class);
        deliver(item.target(), envelope.submitted() != null ? envelope.submitted() : envelope.statusChanged());
    }

    /**
     * Hands an event to the listeners of one plugin; throws, for a retry, while that plugin is not
     * running or when it fails: what a listener throws as it is, any error of its code as a
     * {@link PluginFailure} naming the plugin.
     */
    public void deliver(String pluginId, DeclarationEvent event) throws Exception {
        List<DeclarationListener> listeners = plugins.extensions(DeclarationListener.class).stream()
                .filter(listener -> plugins.pluginIdOf(listener).filter(pluginId::equals).isPresent())
                .toList();
        if (listeners.isEmpty()) {
            // Disabled, failed or being upgraded: keep the event until the plugin serves again.
            throw new IllegalStateException("plugin '" + pluginId + "' is not running");
        }
        for (DeclarationListener listener : listeners) {
            try {
                if (!listener.appliesTo(event.familyId())) {
                    continue;
                }
                if (event instanceof DeclarationSubmitted submitted) {
                    listener.onSubmitted(submitted);
                } else {
                    listener.onStatusChanged((StatusChanged) event);
                }
            } catch (Exception told) {
                // the listener's own way of asking for the event again later
                throw told;
            } catch (Throwable broken) {
                // an error, such as a class gone with an upgrade mid-call: retried as any failure,
                // rather than taking the outbox worker down with it
                throw plugins.failure(pluginId, listener, "to take event " + event.eventId(), broken);
            }
        }
    }
}
