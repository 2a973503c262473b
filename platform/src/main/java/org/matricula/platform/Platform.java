package org.matricula.platform;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.glassfish.jersey.server.ResourceConfig;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.accounts.FirstAdmin;
import org.matricula.platform.accounts.KeptSessions;
import org.matricula.platform.accounts.Scopes;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.CatalogChanges;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.api.timeline.TimelineKind;
import org.matricula.platform.crm.CrmModule;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.crm.leads.MarketingConfirmations;
import org.matricula.platform.crm.automation.AutomationModule;
import org.matricula.platform.crm.automation.StepRunner;
import org.matricula.platform.crm.billing.BillingModule;
import org.matricula.platform.crm.deals.DealsModule;
import org.matricula.platform.crm.campaigns.CampaignsModule;
import org.matricula.platform.crm.webhooks.Webhooks;
import org.matricula.platform.crm.webhooks.WebhooksModule;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.EmbeddedDatabase;
import org.matricula.platform.db.Notifications;
import org.matricula.platform.demo.DemoSeed;
import org.matricula.platform.http.HttpServer;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.privacy.PrivacyModule;
import org.matricula.platform.notify.DeadLetters;
import org.matricula.platform.notify.NotifyModule;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.notify.PluginEvents;
import org.matricula.platform.registration.Declarations;
import org.matricula.platform.registration.Status;
import org.matricula.platform.families.Families;
import org.matricula.platform.registration.SubmissionEffects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of the platform by hand, in dependency order, and
 * closes them in reverse.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final Deque<AutoCloseable> parts;
    private final HttpServer http;
    private final PluginService plugins;
    private final Database database;
    private final ResourceConfig application;

    private Platform(Deque<AutoCloseable> parts, HttpServer http, PluginService plugins, Database database,
            ResourceConfig application) {
        this.parts = parts;
        this.http = http;
        this.plugins = plugins;
        this.database = database;
        this.application = application;
    }

    public static Platform start(Configuration config) {
        return start(config, false);
    }

    /** With {@code demo}, an empty installation is filled with sample data once everything is up. */
    public static Platform start(Configuration config, boolean demo) {
        long started = System.nanoTime();
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        try {
            PrometheusMeterRegistry registry = metrics();
            Database database = database(config, registry);
            parts.push(database);
            database.migrate();
            Outbox outbox = new Outbox(database.jdbi(), JsonMapper.create());

            PlatformPluginContexts contexts = new PlatformPluginContexts(config, database.dataSource(), outbox,
                    database.jdbi());
            PluginService plugins = new PluginService(
                    new PluginService.PluginSettings(config.path(Settings.PLUGINS_DIR),
                            config.path(Settings.DATA_DIR).resolve("plugin-cache"),
                            config.get(Settings.PLUGINS_SCAN_INTERVAL)),
                    database, contexts, registry);
            contexts.useTimelineKinds(id -> plugins.extensions(TimelineKind.class).stream()
                    .filter(kind -> plugins.pluginIdOf(kind).filter(id::equals).isPresent())
                    .map(TimelineKind::code).collect(java.util.stream.Collectors.toSet()));
            parts.push(plugins);
            plugins.start();

            TimeDisplay.useZone(config.get(Settings.APP_TIME_ZONE));
            Clock clock = Clock.systemUTC();
            PluginEvents events = new PluginEvents(plugins, outbox, JsonMapper.create());
            String baseUrl = Settings.baseUrl(config);
            NotifyModule.start(config, database.jdbi(), outbox, events,
                    new SubmissionEffects(database.jdbi(), baseUrl), plugins, clock, parts::push,
                    Map.of(Webhooks.OUTBOX_KIND, WebhooksModule.sender(database.jdbi(), config, clock),
                            StepRunner.KIND, AutomationModule.steps(database.jdbi(), config, plugins, outbox, clock)));
            PrivacyModule.start(config, database.jdbi(), clock, parts::push);
            CrmModule.start(database.jdbi(), clock, config.get(Settings.CRM_FEED_INTERVAL), parts::push);
            CrmModule.startReminders(database.jdbi(), outbox, baseUrl, config.get(Settings.CRM_FEED_INTERVAL),
                    parts::push);
            BillingModule.start(database.jdbi(), config, outbox, clock, parts::push);
            CampaignsModule.start(database.jdbi(), config, outbox, clock, parts::push);
            WebhooksModule.start(database.jdbi(), config, clock, parts::push);
            AutomationModule.start(database.jdbi(), config, plugins, outbox, clock, parts::push);

            LeadInbox leads = new LeadInbox(database.jdbi(),
                    new MarketingConfirmations(database.jdbi(), outbox, baseUrl, clock));
            parts.push(leads);
            Families families = new Families(plugins);
            Catalog catalog = new Catalog(database.jdbi(), id -> families.find(id).isPresent());
            Accounts accounts = new Accounts(database.jdbi(), outbox, baseUrl, clock,
                    config.get(Settings.SIGN_UPS_PER_HOUR));
            parts.push(Notifications.start(database, Map.of(CatalogChanges.CHANNEL, new CatalogChanges(catalog),
                    KeptSessions.CHANNEL, accounts.keptSessions())));
            Services services = new Services(config, registry, database, plugins, outbox, families, catalog,
                    new Declarations(database.jdbi(), catalog, families, events, outbox, baseUrl, clock),
                    accounts, new Scopes(database.jdbi()),
                    new DeadLetters(database.jdbi()), leads, clock);
            DealsModule.start(database.jdbi(), config, declaration -> services.declarations().changeStatus(declaration,
                    Status.ENROLLED, "", null), clock, parts::push);
            services.declarations().requireForEnrolment(DealsModule.contracts(database.jdbi(), config, clock)::unmet);
            services.declarations().takeTerms(DealsModule.formTerms(database.jdbi(), catalog));
            FirstAdmin.createIfNone(database.jdbi(), services.accounts(), config.get(Settings.INITIAL_ADMIN_EMAIL),
                    config.get(Settings.INITIAL_ADMIN_PASSWORD), !demo);
            ResourceConfig application = Routes.of(services);
            if (config.get(Settings.CRM_LEAD_WRITER)) {
                leads.start(config.get(Settings.CRM_FEED_INTERVAL));
            }

            HttpServer http = HttpServer.start(config.get(Settings.HTTP_HOST), config.get(Settings.HTTP_PORT),
                    config.get(Settings.HTTP_THREADS), config.get(Settings.SHUTDOWN_GRACE),
                    config.get(Settings.HTTP_IDLE_TIMEOUT), config.get(Settings.HTTP_TRUSTED_PROXIES), application);
            parts.push(http);
            log.info("Matricula ready in {} ms", (System.nanoTime() - started) / 1_000_000);
            if (demo) {
                new DemoSeed(database.jdbi(), catalog, families, services.declarations(), services.accounts(), leads,
                        clock, System.out).writingInto(config.home()).seedIfEmpty();
            }
            return new Platform(parts, http, plugins, database, application);
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
    }

    private static PrometheusMeterRegistry metrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    private static Database database(Configuration config, PrometheusMeterRegistry registry) {
        String url = config.get(Settings.DB_URL);
        int poolSize = config.get(Settings.DB_POOL_SIZE);
        if (!url.isEmpty()) {
            return Database.connect(url, config.get(Settings.DB_USER), config.get(Settings.DB_PASSWORD), poolSize,
                    registry, null);
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(config.path(Settings.DATA_DIR).resolve("postgres"),
                config.get(Settings.DB_EMBEDDED_PORT), config.get(Settings.DB_EMBEDDED_SHARED_BUFFERS),
                config.get(Settings.DB_EMBEDDED_STATEMENT_STATISTICS));
        return Database.connect(embedded.jdbcUrl(), "postgres", embedded.password(), poolSize, registry, embedded);
    }

    public int port() {
        return http.port();
    }

    public PluginService plugins() {
        return plugins;
    }

    public Database database() {
        return database;
    }

    /** The JAX-RS application being served: its resources, filters and providers. */
    public ResourceConfig application() {
        return application;
    }

    /** Stops accepting, lets in-flight requests finish, stops plugins, closes the pool and the database. */
    @Override
    public void close() {
        log.info("Matricula stopping");
        closeAll(parts);
        log.info("Matricula stopped");
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                log.warn("Error while stopping: {}", e.getMessage());
            }
        }
    }
}
