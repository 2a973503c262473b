package org.matricula.platform.notify;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.PeriodicTask;
import org.matricula.platform.errors.Failures;
import org.matricula.platform.plugins.PluginService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the plugins' periodic tasks (digests and the like). Before running, a node claims the
 * period in {@code periodic_runs}; only one node's claim succeeds, so a task runs once a period
 * however many nodes there are.
 */
public final class PeriodicTasks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTasks.class);

    private final Jdbi jdbi;
    private final PluginService plugins;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "periodic-tasks");
        thread.setDaemon(true);
        return thread;
    });

    public PeriodicTasks(Jdbi jdbi, PluginService plugins) {
        this.jdbi = jdbi;
        this.plugins = plugins;
    }

    public void start(Duration tick) {
        scheduler.scheduleWithFixedDelay(this::runDueSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One tick, whose failure is logged: the tasks are looked at again next tick, as a scheduled task that throws is not. */
    private void runDueSafely() {
        try {
            runDue();
        } catch (Throwable e) {
            Failures.rethrowJvmFailure(e);
            log.warn("Periodic tasks could not be run on this tick, tried again at the next: {}",
                    Failures.rootMessage(e));
            log.debug("Periodic tasks failed", e);
        }
    }

    /**
     * Runs every task whose period has passed since its last run on any node. A task that fails,
     * with an exception or an error of its plugin's code, is logged in one line naming it; the
     * other tasks run all the same, and it runs again next period.
     */
    public void runDue() {
        for (PeriodicTask task : plugins.extensions(PeriodicTask.class)) {
            String pluginId = plugins.pluginIdOf(task).orElse("platform");
            String name = "?";
            try {
                name = task.name();
                if (claim(pluginId, name, task.period())) {
                    task.run();
                }
            } catch (Throwable e) {
                // one line, as every plugin failure; the trace at DEBUG
                Failures.rethrowJvmFailure(e);
                log.warn("Periodic task {}/{} failed: {}", pluginId, name, Failures.rootMessage(e));
                log.debug("Periodic task {}/{} failed", pluginId, name, e);
            }
        }
    }

    private boolean claim(String pluginId, String task, Duration period) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO periodic_runs (plugin_id, task, last_run_at) VALUES (:plugin, :task, now())
                ON CONFLICT (plugin_id, task) DO UPDATE SET last_run_at = now()
                WHERE periodic_runs.last_run_at <= now() - make_interval(secs => :seconds)
                RETURNING 1""")
                .bind("plugin", pluginId).bind("task", task).bind("seconds", (double) period.toSeconds())
                .mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
