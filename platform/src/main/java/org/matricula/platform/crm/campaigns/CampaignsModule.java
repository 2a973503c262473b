package org.matricula.platform.crm.campaigns;

import java.time.Clock;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers mail campaigns (their API, screens and the unsubscribe link) and starts sending them.
 * Owns {@code campaigns} and {@code campaign_recipients}; sends through the outbox.
 */
public final class CampaignsModule {

    private CampaignsModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Segments segments, Views views, Clock clock,
            String baseUrl) {
        Campaigns campaigns = new Campaigns(jdbi, segments, clock);
        views.navigation().add("campaigns", "admin.nav.campaigns", "/admin/campaigns", 53, Navigation.CRM);
        app.register(new CampaignsApi(campaigns, baseUrl))
                .register(new CampaignPages(campaigns, segments, views, baseUrl))
                .register(new UnsubscribeResource(new Unsubscribe(jdbi, new Persons(jdbi), clock), views))
                .register(new TrackingResource(new Tracking(jdbi, clock)));
    }

    /** Starts queueing and handing out campaign mails, as often as the outbox looks for work. */
    public static void start(Jdbi jdbi, Configuration config, Outbox outbox, Clock clock,
            Consumer<AutoCloseable> stopLater) {
        CampaignSender sender = new CampaignSender(jdbi, new Segments(jdbi, clock), outbox, Settings.baseUrl(config),
                config.get(Settings.MAIL_FROM), clock);
        stopLater.accept(sender);
        sender.start(config.get(Settings.OUTBOX_POLL_INTERVAL));
    }
}
