package org.matricula.platform.crm.analytics;

import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/** Registers the CRM's figures: the analytics page, its JSON API and drill-downs, and marketing spend. */
public final class AnalyticsModule {

    private AnalyticsModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Configuration config, Views views, Clock clock) {
        views.navigation().add("analytics", "admin.nav.analytics", "/admin/analytics", 61, Navigation.CRM)
                .add("marketing-spend", "admin.nav.marketingSpend", "/admin/analytics/spend", 62, Navigation.CRM);
        Analytics analytics = new Analytics(jdbi, config.get(Settings.APP_TIME_ZONE));
        MarketingSpend spend = new MarketingSpend(jdbi);
        Drill drill = new Drill(jdbi, analytics, clock);
        app.register(new AnalyticsApi(analytics, drill, spend, clock))
                .register(new AnalyticsPages(new AnalyticsView(analytics, spend, views, jdbi, clock), drill, spend));
    }
}
