package org.matricula.platform.crm.billing;

import org.matricula.platform.web.Navigation;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.lists.AdminList;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.registration.PdfRenderer;
import org.matricula.platform.web.Views;

/**
 * Registers the CRM's money: prices, discounts, instalment plans, invoices, payments and
 * balances; and starts issuing invoices for accepted declarations.
 */
public final class BillingModule {

    private static final Duration REMINDERS_TICK = Duration.ofMinutes(5);

    private BillingModule() {
    }

    /** Registers the money's resources; answers the services, for the features built on them. */
    public static Billing register(ResourceConfig app, Jdbi jdbi, Configuration config, Views views, Clock clock) {
        views.navigation().add("billing", "admin.nav.billing", "/admin/billing", 55, Navigation.ADMINS)
                .add("arrears", "admin.nav.arrears", "/admin/arrears", 57, Navigation.ADMINS)
                .add("balances", "admin.nav.balances", "/admin/billing/balances", 56, Navigation.ADMINS);
        Billing billing = services(jdbi, config, clock);
        AdminList arrears = ArrearsList.adminList(jdbi, views, clock);
        app.register(new BillingApi(billing, new InvoiceDocument(jdbi, views, new PdfRenderer(), config), arrears))
                .register(new ArrearsPages(arrears)).register(new BillingPages(billing, jdbi, views))
                .register(new BalancesPage(jdbi, views));
        return billing;
    }

    public static void start(Jdbi jdbi, Configuration config, Outbox outbox, Clock clock,
            Consumer<AutoCloseable> stopLater) {
        Billing billing = services(jdbi, config, clock);
        Reminders reminders = new Reminders(jdbi, outbox, billing.invoices());
        stopLater.accept(reminders);
        reminders.start(REMINDERS_TICK);
        AcceptedDeclarations invoicing = new AcceptedDeclarations(jdbi, billing.invoices(), billing.vatByDefault());
        stopLater.accept(invoicing);
        // as often as the outbox looks for work: background work that settings can quiet together
        invoicing.start(config.get(Settings.OUTBOX_POLL_INTERVAL));
    }

    static Billing services(Jdbi jdbi, Configuration config, Clock clock) {
        Timeline timeline = new Timeline(jdbi);
        Prices prices = new Prices(jdbi);
        Invoices invoices = new Invoices(jdbi, prices, timeline, clock, config.get(Settings.APP_TIME_ZONE));
        return new Billing(prices, invoices, new Payments(jdbi, invoices, timeline, clock),
                config.get(Settings.BILLING_VAT));
    }
}
