package org.matricula.platform.privacy;

import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.accounts.SessionCookies;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.web.Views;

/** Registers the personal-data rights with the application: export and erasure, for applicants and admins. */
public final class PrivacyModule {

    private PrivacyModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Accounts accounts, PluginService plugins, Views views,
            Clock clock, boolean secureCookies) {
        PluginPersonalData pluginData = new PluginPersonalData(plugins);
        PersonalData data = new PersonalData(jdbi, JsonMapper.create(), clock, pluginData);
        Erasure erasure = new Erasure(jdbi, clock, pluginData);
        OwnErasure own = new OwnErasure(accounts, erasure);
        SessionCookies cookies = new SessionCookies(secureCookies);
        app.register(new PersonalDataApi(data, own, cookies))
                .register(new AdminErasureApi(erasure))
                .register(new PrivacyPages(data, own, cookies, views));
    }
}
