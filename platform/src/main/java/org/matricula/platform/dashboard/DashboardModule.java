package org.matricula.platform.dashboard;

import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.Scopes;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/** Registers the admin dashboard: figures of the declarations within the staff member's scope. */
public final class DashboardModule {

    private DashboardModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Scopes scopes, Views views) {
        Dashboard dashboard = new Dashboard(jdbi, scopes);
        views.navigation().add("dashboard", "admin.nav.dashboard", "/admin", 10, Navigation.STAFF);
        app.register(new DashboardPage(dashboard, views)).register(new DashboardApi(dashboard));
    }
}
