package org.matricula.platform.crm.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.db.RepeatedWork;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers outgoing webhooks (their API and screens), gives the outbox the sender of deliveries,
 * and starts the feed that turns timeline entries into deliveries. Owns {@code webhook_endpoints},
 * {@code webhook_deliveries} and {@code webhook_marks}.
 */
public final class WebhooksModule {

    private static final Logger log = LoggerFactory.getLogger(WebhooksModule.class);

    private WebhooksModule() {
    }

    /** The service, for the module and for features that emit events (the scenario engine). */
    public static Webhooks webhooks(Jdbi jdbi, Configuration config, Clock clock) {
        return new Webhooks(jdbi, new Outbox(jdbi, JsonMapper.create()),
                config.get(Settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS), clock);
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Configuration config, Views views, Clock clock) {
        Webhooks webhooks = webhooks(jdbi, config, clock);
        views.navigation().add("webhooks", "admin.nav.webhooks", "/admin/webhooks", 89, Navigation.ADMINS);
        app.register(new WebhooksApi(webhooks)).register(new WebhookPages(webhooks, views));
    }

    /** The outbox's handler of webhook deliveries. */
    public static WebhookSender sender(Jdbi jdbi, Configuration config, Clock clock) {
        return new WebhookSender(webhooks(jdbi, config, clock), clock);
    }

    /** How often old deliveries are looked for (the first time one period after the start). */
    static final Duration PRUNE_TICK = Duration.ofHours(1);

    /**
     * Starts reading the timeline into deliveries, as often as the CRM's feed runs, and deleting
     * the deliveries older than the configured retention every hour. Every node prunes: a delete
     * of rows another node deleted first deletes nothing.
     */
    public static void start(Jdbi jdbi, Configuration config, Clock clock, Consumer<AutoCloseable> stopLater) {
        Webhooks webhooks = webhooks(jdbi, config, clock);
        RepeatedWork feed = new RepeatedWork("webhook-feed", WebhooksModule.class,
                "Webhooks could not read the timeline");
        stopLater.accept(feed);
        feed.start(Duration.ZERO, config.get(Settings.CRM_FEED_INTERVAL), webhooks::catchUp);
        Duration retention = config.get(Settings.WEBHOOKS_DELIVERY_RETENTION);
        RepeatedWork pruning = new RepeatedWork("webhook-pruning", WebhooksModule.class,
                "Old webhook deliveries could not be deleted this round");
        stopLater.accept(pruning);
        pruning.start(PRUNE_TICK, () -> {
            int pruned = webhooks.prune(retention);
            if (pruned > 0) {
                log.info("Webhooks: deleted {} deliveries older than {}", pruned, retention);
            }
        });
    }
}
