package org.matricula.platform.testing;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.matricula.api.MailQueue;
import org.matricula.api.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin context for plugin tests: a given configuration section, a real HTTP client, mails
 * recorded in a list, and (optionally) a real data source.
 */
public final class TestPluginContext implements PluginContext {

    /** A mail a plugin queued. */
    public record Mail(String to, String subject, String body) {
    }

    private final String pluginId;
    private final Map<String, String> config;
    private final DataSource dataSource;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Mail> mails = new CopyOnWriteArrayList<>();

    public TestPluginContext(String pluginId, Map<String, String> config, DataSource dataSource) {
        this.pluginId = pluginId;
        this.config = Map.copyOf(config);
        this.dataSource = dataSource;
    }

    public TestPluginContext(String pluginId, Map<String, String> config) {
        this(pluginId, config, null);
    }

    public List<Mail> mails() {
        return mails;
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    @Override
    public HttpClient http() {
        return http;
    }

    @Override
    public MailQueue mail() {
        return (to, subject, body) -> mails.add(new Mail(to, subject, body));
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Logger log() {
        return LoggerFactory.getLogger("plugin." + pluginId);
    }

    @Override
    public DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("this test context has no database");
        }
        return dataSource;
    }
}
