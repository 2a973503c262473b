package org.matricula.platform.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.web.Views;

/** Registers the personal-data rights with the application: export and erasure, for applicants and admins. */
public final class PrivacyModule {

    /** How often a node looks for closed declarations past the retention period. */
    private static final Duration RETENTION_TICK = Duration.ofHours(1);

    private PrivacyModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Accounts accounts, PluginService plugins, Views views,
            Clock clock, boolean secureCookies) {
        PluginPersonalData pluginData = new PluginPersonalData(plugins);
        PersonalData data = new PersonalData(jdbi, JsonMapper.create(), clock, pluginData,
                org.matricula.platform.crm.CrmModule.timelineKinds(plugins));
        Erasure erasure = new Erasure(jdbi, clock, pluginData, accounts::sessionsChanged);
        OwnErasure own = new OwnErasure(accounts, erasure);
        SessionCookies cookies = new SessionCookies(secureCookies);
        app.register(new PersonalDataApi(data, own, cookies))
                .register(new AdminErasureApi(erasure))
                .register(new PrivacyPages(data, own, cookies, views));
    }

    /** Starts anonymizing closed declarations once they are past the configured retention period. */
    public static void start(Configuration config, Jdbi jdbi, Clock clock, Consumer<AutoCloseable> stopLater) {
        Retention retention = new Retention(jdbi, config.get(Settings.RETENTION_PERIOD), clock);
        stopLater.accept(retention);
        retention.start(RETENTION_TICK);
    }
}
