package org.matricula.platform;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.matricula.api.MailQueue;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.PluginContext;
import org.matricula.api.timeline.PersonTimeline;
import org.matricula.platform.crm.timeline.PluginTimeline;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.db.SchemaDataSource;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.plugins.PluginContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds each plugin's narrow view of the platform. */
final class PlatformPluginContexts implements PluginContextFactory {

    private final Configuration config;
    private final DataSource pool;
    private final Outbox outbox;
    private final Jdbi jdbi;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile Function<String, Set<String>> timelineKinds = id -> Set.of();

    PlatformPluginContexts(Configuration config, DataSource pool, Outbox outbox, Jdbi jdbi) {
        this.config = config;
        this.pool = pool;
        this.outbox = outbox;
        this.jdbi = jdbi;
    }

    /** Tells the codes of the timeline kinds each started plugin declares (known once plugins are). */
    void useTimelineKinds(Function<String, Set<String>> kindsOfPlugin) {
        this.timelineKinds = kindsOfPlugin;
    }

    @Override
    public PluginContext create(String pluginId, ClassLoader pluginClassLoader) {
        Map<String, String> section = config.pluginSection(pluginId);
        DataSource dataSource = new SchemaDataSource(pool, pluginId);
        MailQueue mail = (to, subject, body) -> outbox.enqueue(Outbox.MAIL, null, new MailMessage(to, subject, body));
        Logger log = LoggerFactory.getLogger("plugin." + pluginId);
        PersonTimeline timeline = new PluginTimeline(pluginId, () -> timelineKinds.apply(pluginId), jdbi,
                Clock.systemUTC());
        return new PluginContext() {
            @Override
            public String pluginId() {
                return pluginId;
            }

            @Override
            public Map<String, String> config() {
                return section;
            }

            @Override
            public HttpClient http() {
                return http;
            }

            @Override
            public MailQueue mail() {
                return mail;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public Logger log() {
                return log;
            }

            @Override
            public DataSource dataSource() {
                return dataSource;
            }

            @Override
            public PersonTimeline timeline() {
                return timeline;
            }
        };
    }
}
