package org.matricula.platform.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers the mail log and dead letters with the application, and starts the background work:
 * the outbox worker that sends mails and hands events to plugins, project digests and the
 * plugins' periodic tasks.
 */
public final class NotifyModule {

    /** How often a node looks for due project digests; the digest period itself is configured. */
    private static final Duration DIGEST_TICK = Duration.ofSeconds(30);

    private NotifyModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, DeadLetters deadLetters, Views views) {
        views.navigation().add("mail", "admin.nav.mail", "/admin/mail", 84, Navigation.ADMINS);
        views.navigation().add("outbox", "admin.nav.outbox", "/admin/outbox", 86, Navigation.ADMINS);
        app.register(new MailLogPage(jdbi, deadLetters, views))
                .register(new DeadLetterPages(deadLetters, jdbi, views))
                .register(new DeadLettersApi(deadLetters));
    }

    /** Starts every periodic task of the feature, handing each to {@code stopLater} once it runs. */
    public static void start(Configuration config, Jdbi jdbi, Outbox outbox, PluginEvents events,
            OutboxEffects effects, PluginService plugins, Clock clock, Consumer<AutoCloseable> stopLater) {
        start(config, jdbi, outbox, events, effects, plugins, clock, stopLater, Map.of());
    }

    /**
     * As above, with the handlers of outbox kinds that features above this one add (webhook
     * deliveries), by kind.
     */
    public static void start(Configuration config, Jdbi jdbi, Outbox outbox, PluginEvents events,
            OutboxEffects effects, PluginService plugins, Clock clock, Consumer<AutoCloseable> stopLater,
            Map<String, OutboxHandler> more) {
        ObjectMapper json = JsonMapper.create();
        Map<String, OutboxHandler> handlers = new java.util.HashMap<>(more);
        Duration lease = config.get(Settings.OUTBOX_LEASE);
        handlers.putAll(effects.handlers(new MailSender(smtp(config), jdbi, json, lease.dividedBy(2)), events));
        OutboxWorker worker = new OutboxWorker(jdbi, handlers, lease);
        stopLater.accept(worker);
        worker.start(config.get(Settings.OUTBOX_POLL_INTERVAL));
        Duration digestPeriod = config.get(Settings.DIGEST_PERIOD);
        ProjectDigests digests = new ProjectDigests(jdbi, outbox, Settings.baseUrl(config), digestPeriod, clock);
        stopLater.accept(digests);
        digests.start(digestPeriod.compareTo(DIGEST_TICK) < 0 ? digestPeriod : DIGEST_TICK);
        PeriodicTasks periodic = new PeriodicTasks(jdbi, plugins);
        stopLater.accept(periodic);
        periodic.start(Duration.ofSeconds(1));
    }

    private static MailSender.SmtpSettings smtp(Configuration config) {
        return new MailSender.SmtpSettings(config.get(Settings.MAIL_SMTP_HOST), config.get(Settings.MAIL_SMTP_PORT),
                config.get(Settings.MAIL_SMTP_USER), config.get(Settings.MAIL_SMTP_PASSWORD),
                config.get(Settings.MAIL_SMTP_STARTTLS), config.get(Settings.MAIL_FROM));
    }
}
