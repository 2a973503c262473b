package org.matricula.platform.crm.stuck;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers stuck-student detection (rules per program, the list of stuck students) and starts
 * its periodic evaluation. Owns {@code stuck_rules} and {@code stuck_flags}.
 */
public final class StuckModule {

    /** How often the rules are evaluated. */
    static final Duration TICK = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(StuckModule.class);

    private StuckModule() {
    }

    public static StuckStudents service(Jdbi jdbi, Clock clock) {
        return new StuckStudents(jdbi, new Timeline(jdbi), clock);
    }

    public static void register(ResourceConfig app, Jdbi jdbi, Views views, Clock clock) {
        StuckStudents stuck = service(jdbi, clock);
        views.navigation().add("stuck", "admin.nav.stuck", "/admin/stuck", 49, Navigation.CRM);
        app.register(new StuckPages(stuck, views)).register(new StuckApi(stuck));
    }

    public static void start(Jdbi jdbi, Clock clock, Consumer<AutoCloseable> stopLater) {
        StuckStudents stuck = service(jdbi, clock);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stuck-students");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                stuck.evaluate();
            } catch (RuntimeException e) {
                log.warn("Stuck-student rules could not be evaluated: {}", e.getMessage());
            }
        }, 30, TICK.toSeconds(), TimeUnit.SECONDS);
        stopLater.accept(scheduler::shutdownNow);
    }
}
