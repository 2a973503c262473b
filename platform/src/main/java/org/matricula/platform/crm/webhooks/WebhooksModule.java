package org.matricula.platform.crm.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
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
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-feed");
            thread.setDaemon(true);
            return thread;
        });
        Duration tick = config.get(Settings.CRM_FEED_INTERVAL);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                webhooks.catchUp();
            } catch (RuntimeException e) {
                log.warn("Webhooks could not read the timeline: {}", e.getMessage());
            }
        }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        Duration retention = config.get(Settings.WEBHOOKS_DELIVERY_RETENTION);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int pruned = webhooks.prune(retention);
                if (pruned > 0) {
                    log.info("Webhooks: deleted {} deliveries older than {}", pruned, retention);
                }
            } catch (RuntimeException e) {
                log.warn("Old webhook deliveries could not be deleted this round: {}", e.getMessage());
            }
        }, PRUNE_TICK.toMillis(), PRUNE_TICK.toMillis(), TimeUnit.MILLISECONDS);
        stopLater.accept(scheduler::shutdownNow);
    }
}
