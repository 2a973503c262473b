package org.matricula.platform.crm.acquiring;

import java.time.Clock;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.audit.AuditLog;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.crm.billing.Billing;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.web.Views;

/**
 * Registers acquiring: the providers' notification endpoint, the administrators' API of payments
 * made through providers and their refunds, and the applicant's invoices and "Pay" in the office.
 */
public final class AcquiringModule {

    private AcquiringModule() {
    }

    public static Acquiring register(ResourceConfig app, Jdbi jdbi, Configuration config, PluginService plugins,
            Billing billing, Views views, Clock clock) {
        Acquiring acquiring = new Acquiring(jdbi, plugins, billing.payments(), Settings.baseUrl(config), clock,
                new AuditLog(jdbi));
        app.register(new AcquiringApi(acquiring)).register(new OfficePayments(acquiring, billing, jdbi, views))
                .register(new InvoicePages(acquiring, billing, jdbi, views));
        return acquiring;
    }
}
