package org.matricula.api;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.matricula.api.timeline.PersonTimeline;
import org.slf4j.Logger;

/**
 * Everything of the platform a plugin may use. Passed to the constructor of a plugin's
 * {@code Plugin} class and of its extensions when they declare a {@code PluginContext} parameter.
 * Nothing else of the platform is visible to plugins.
 *
 * @since 1.0.0
 */
public interface PluginContext {

    /** @since 1.0.0 */
    String pluginId();

    /**
     * The plugin's configuration section: keys {@code plugin.<id>.<key>} of the platform
     * configuration (for example {@code plugin.growup.chat-url}), given here without the prefix
     * ({@code chat-url}).
     *
     * @since 1.0.0
     */
    Map<String, String> config();

    /**
     * A configuration value, or the default when the key is not configured.
     *
     * @since 1.0.0
     */
    default String config(String key, String defaultValue) {
        return config().getOrDefault(key, defaultValue);
    }

    /**
     * An outbound HTTP client for webhooks and other integrations.
     *
     * @since 1.0.0
     */
    HttpClient http();

    /**
     * Queues a mail through the platform's outbox; it is sent with retries.
     *
     * @since 1.0.0
     */
    MailQueue mail();

    /** @since 1.0.0 */
    Clock clock();

    /** @since 1.0.0 */
    Logger log();

    /**
     * Connections whose search path is the plugin's own schema, where its migrations
     * ({@code db/migration/<plugin id>/V*.sql} on its class path) ran.
     *
     * @since 1.0.0
     */
    DataSource dataSource();

    /**
     * Persons' timelines in the CRM, where the plugin appends entries of its own
     * {@link org.matricula.api.timeline.TimelineKind kinds}. A platform without a CRM (or a test
     * double) throws {@link UnsupportedOperationException}, the default.
     *
     * @since 1.3.0
     */
    default PersonTimeline timeline() {
        throw new UnsupportedOperationException("this platform keeps no persons' timelines");
    }
}
