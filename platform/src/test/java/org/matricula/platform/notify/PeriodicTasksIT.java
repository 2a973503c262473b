package org.matricula.platform.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.SchemaDataSource;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.plugins.fixtures.CountingTask;
import org.matricula.platform.plugins.fixtures.ErringTask;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.plugins.fixtures.PluginErrors;
import org.matricula.platform.testing.Eventually;
import org.matricula.platform.testing.LogCapture;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestPluginContext;
import org.matricula.platform.testing.TestPostgres;

/** A plugin's periodic task failing with an error, not an exception, stops neither the other tasks nor the next ticks. */
class PeriodicTasksIT {

    @TempDir
    Path home;
    Database database;
    PluginService plugins;
    PeriodicTasks tasks;

    @BeforeEach
    void start() {
        System.clearProperty("erring-task.runs");
        System.clearProperty("counting-task.runs");
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 5, new SimpleMeterRegistry(), null);
        database.migrate();
        PluginJar.plugin("ticking", "1.0.0").pluginClass(FixturePlugin.class).extension(ErringTask.class)
                .extension(CountingTask.class).withClass(PluginErrors.class)
                .writeTo(home.resolve("plugins"), "ticking.jar");
        plugins = new PluginService(new PluginService.PluginSettings(home.resolve("plugins"), home.resolve("work"),
                Duration.ofSeconds(60)), database,
                (id, loader) -> new TestPluginContext(id, Map.of(), new SchemaDataSource(database.dataSource(), id)),
                new SimpleMeterRegistry());
        plugins.start();
        tasks = new PeriodicTasks(database.jdbi(), plugins);
    }

    @AfterEach
    void stop() {
        tasks.close();
        plugins.close();
        database.close();
        System.clearProperty("erring-task.error");
    }

    @Test
    void aTaskFailingWithAnErrorIsOneLineInTheLogAndTheOtherTasksRun() {
        Map<String, String> told = Map.of("NoClassDefFoundError", "NoClassDefFoundError: com/example/crm/Client",
                "AssertionError", "AssertionError: a contact id expected",
                "ExceptionInInitializerError", "IllegalStateException: crm.properties missing",
                "StackOverflowError", "StackOverflowError");
        told.forEach((error, text) -> {
            System.setProperty("erring-task.error", error);
            int erring = runs("erring");
            int counting = runs("counting");
            try (LogCapture log = LogCapture.start()) {
                tasks.runDue();
                List<ILoggingEvent> warned = log.atLeast(Level.WARN);
                assertEquals(1, warned.size(), error + ": one line: " + warned);
                String line = warned.get(0).getFormattedMessage();
                assertTrue(line.contains("Periodic task ticking/erring failed: " + text), line);
                assertNull(warned.get(0).getThrowableProxy(), error + ": the trace only at DEBUG");
            }
            assertEquals(erring + 1, runs("erring"), error);
            assertEquals(counting + 1, runs("counting"), error + ": the other task ran");
        });
    }

    @Test
    void theTasksRunAgainAtTheNextTicksAfterOneFailedWithAnError() {
        System.setProperty("erring-task.error", "NoClassDefFoundError");
        tasks.start(Duration.ofMillis(50));
        Eventually.holds("both tasks run at each tick", () -> runs("erring") >= 3 && runs("counting") >= 3);
    }

    private static int runs(String task) {
        return Integer.getInteger(task + "-task.runs", 0);
    }
}
