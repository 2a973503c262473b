package org.matricula.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.accounts.Scopes;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.db.Database;
import org.matricula.platform.notify.DeadLetters;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.registration.Declarations;
import org.matricula.platform.families.Families;

/** The running services the HTTP routes are built on. */
public record Services(Configuration config, PrometheusMeterRegistry registry, Database database,
        PluginService plugins, Outbox outbox, Families families, Catalog catalog, Declarations declarations,
        Accounts accounts, Scopes scopes, DeadLetters deadLetters, LeadInbox leads, Clock clock) {
}
