package org.matricula.platform.crm.deals;

import java.time.Clock;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.crm.billing.Billing;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.registration.PdfRenderer;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers the deals: the B2B board, card and list, their JSON API, the applicant's enrolment
 * code; and starts keeping retail deals in step with declarations and invoices.
 */
public final class DealsModule {

    private DealsModule() {
    }

    public static Deals register(ResourceConfig app, Jdbi jdbi, Billing billing, Configuration config, Views views,
            Clock clock) {
        views.navigation().add("deals", "admin.nav.deals", "/admin/deals", 59, Navigation.CRM);
        Deals deals = new Deals(jdbi, billing.invoices(), clock, billing.vatByDefault());
        Contracts contracts = contracts(jdbi, config, clock);
        app.register(new DealsApi(deals, contracts)).register(new EnrolmentCodeApi(deals, contracts))
                .register(new DealsPages(deals, contracts, DealsList.adminList(jdbi, views, clock), jdbi, views))
                .register(new OfficeContractPages(deals, contracts, jdbi, views));
        return deals;
    }

    /** Offers, contracts and what programs require before enrolment. */
    public static Contracts contracts(Jdbi jdbi, Configuration config, Clock clock) {
        return new Contracts(jdbi, new PdfRenderer(), config, clock);
    }

    /** What the declaration form asks for on the deals' behalf: the offer accepted, an enrolment code. */
    public static FormTerms formTerms(Jdbi jdbi, org.matricula.platform.catalog.Catalog catalog) {
        return new FormTerms(jdbi, catalog);
    }

    /** Keeps retail deals in step, as often as the outbox looks for work; {@code enrolment} enrols a paid declaration. */
    public static void start(Jdbi jdbi, Configuration config, Enrolment enrolment, Clock clock,
            Consumer<AutoCloseable> stopLater) {
        RetailDeals retail = new RetailDeals(jdbi, new Timeline(jdbi), enrolment, clock);
        stopLater.accept(retail);
        retail.start(config.get(Settings.OUTBOX_POLL_INTERVAL));
    }
}
