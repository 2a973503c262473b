package org.matricula.platform.crm.stuck;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.glassfish.jersey.server.ResourceConfig;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.db.RepeatedWork;
import org.matricula.platform.web.Navigation;
import org.matricula.platform.web.Views;

/**
 * Registers stuck-student detection (rules per program, the list of stuck students) and starts
 * its periodic evaluation. Owns {@code stuck_rules} and {@code stuck_flags}.
 */
public final class StuckModule {

    /** How often the rules are evaluated. */
    static final Duration TICK = Duration.ofMinutes(5);
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
        RepeatedWork repeated = new RepeatedWork("stuck-students", StuckModule.class,
                "Stuck-student rules could not be evaluated");
        stopLater.accept(repeated);
        repeated.start(Duration.ofSeconds(30), TICK, stuck::evaluate);
    }
}
