package org.matricula.platform.crm.automation;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.crm.CrmModule;
import org.matricula.platform.crm.webhooks.WebhookUrls;
import org.matricula.platform.crm.webhooks.Webhooks;
import org.matricula.platform.crm.webhooks.WebhooksModule;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.notify.OutboxHandler;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers automation scenarios (their API and screens), hands their steps to the outbox worker
 * and starts the triggers. Owns {@code scenarios}, {@code scenario_versions}, {@code scenario_runs},
 * {@code scenario_run_steps}, {@code scenario_marks}, {@code scenario_segment_members} and
 * {@code scenario_schedules} (docs/automation.md).
 */
public final class AutomationModule {

    private AutomationModule() {
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Configuration config, Segments segments,
            PluginService plugins, Views views, Clock clock) {
        Scenarios scenarios = new Scenarios(jdbi, segments, new Actions(plugins), webhookUrls(config));
        Runs runs = new Runs(jdbi, scenarios, segments, new Outbox(jdbi, JsonMapper.create()));
        views.navigation().add("scenarios", "admin.nav.scenarios", "/admin/scenarios", 54, Navigation.CRM);
        app.register(new AutomationApi(scenarios, runs))
                .register(new AutomationPages(scenarios, runs, segments, views));
    }

    private static WebhookUrls webhookUrls(Configuration config) {
        return new WebhookUrls(config.get(Settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS));
    }

    /** The outbox worker's handler of scenario steps. */
    public static OutboxHandler steps(Jdbi jdbi, Configuration config, PluginService plugins, Outbox outbox,
            Clock clock) {
        Segments segments = new Segments(jdbi, clock);
        Scenarios scenarios = new Scenarios(jdbi, segments, new Actions(plugins), webhookUrls(config));
        return new StepRunner(jdbi, scenarios, new Runs(jdbi, scenarios, segments, outbox),
                CrmModule.services(jdbi, clock), outbox, clock, config.get(Settings.AUTOMATION_RETRY_BACKOFF),
                stepWebhooks(WebhooksModule.webhooks(jdbi, config, clock)));
    }

    /** Finished steps as the outgoing webhooks' {@code scenario.step} events, each attempt's outcome once. */
    static StepEvents stepWebhooks(Webhooks webhooks) {
        return (handle, steps) -> {
            Map<String, Map<String, Object>> payloads = new LinkedHashMap<>();
            for (StepEvents.Finished step : steps) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("scenario", step.scenarioId());
                data.put("version", step.version());
                data.put("run", step.runId());
                data.put("step", step.index());
                data.put("type", step.type());
                data.put("state", step.state());
                data.put("summary", step.summary());
                data.put("personId", step.personId().toString());
                data.put("idempotencyKey", step.idempotencyKey());
                payloads.put(step.idempotencyKey() + ":" + step.state(), data);
            }
            webhooks.emitAll(handle, Webhooks.SCENARIO_STEP, payloads);
        };
    }

    /** Starts firing the scenarios' triggers, as often as the CRM reads its feed. */
    public static void start(Jdbi jdbi, Configuration config, PluginService plugins, Outbox outbox, Clock clock,
            Consumer<AutoCloseable> stopLater) {
        Segments segments = new Segments(jdbi, clock);
        Scenarios scenarios = new Scenarios(jdbi, segments, new Actions(plugins), webhookUrls(config));
        Triggers triggers = new Triggers(jdbi, scenarios, new Runs(jdbi, scenarios, segments, outbox), clock);
        stopLater.accept(triggers);
        triggers.start(config.get(Settings.CRM_FEED_INTERVAL));
    }
}
