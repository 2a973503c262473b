package org.matricula.platform.crm.xapi;

import org.matricula.platform.web.Navigation;
import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.web.Views;

/**
 * Registers the learning record fed over xAPI: the statements resource LMS clients call, and the
 * admin API and page for the clients and the learners' activities. Owns {@code lms_clients} and
 * {@code xapi_statements}.
 */
public final class XapiModule {

    private XapiModule() {
    }

    /** Registers the routes; the learning record is returned for the person card to read. */
    public static LearningRecord register(ResourceConfig app, Jdbi jdbi, Views views, Clock clock, String baseUrl) {
        LmsClients clients = new LmsClients(jdbi);
        Statements statements = new Statements(jdbi);
        LearningRecord record = new LearningRecord(jdbi, statements);
        LmsAccounts accounts = new LmsAccounts(jdbi);
        views.navigation().add("learning", "admin.nav.learning", "/admin/learning", 50, Navigation.ADMINS);
        app.register(new LmsClientFilter(clients))
                .register(new XapiVersionHeader())
                .register(new XapiResource(statements, clock))
                .register(new LearningApi(clients, record, accounts, clock))
                .register(new LearningPages(clients, record, accounts, views, clock, baseUrl));
        return record;
    }
}
