package org.matricula.platform.audit;

import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.lists.NamedLists;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/** Registers the audit trail: the filter that records every admin write, and its admin list. */
public final class AuditModule {

    private AuditModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Views views, Clock clock, NamedLists lists) {
        app.register(new AuditTrail(jdbi));
        views.navigation().add("audit", "admin.nav.audit", "/admin/audit", 82, Navigation.ADMINS);
        lists.add("audit", AuditList.adminList(jdbi, views, clock));
    }
}
