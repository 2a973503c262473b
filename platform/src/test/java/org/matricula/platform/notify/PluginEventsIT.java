package org.matricula.platform.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.api.event.DeclarationSubmitted;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.SchemaDataSource;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.plugins.fixtures.ErringListener;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.plugins.fixtures.GatedListener;
import org.matricula.platform.plugins.fixtures.PluginErrors;
import org.matricula.platform.testing.Eventually;
import org.matricula.platform.testing.LogCapture;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestPluginContext;
import org.matricula.platform.testing.TestPostgres;

/** Declaration events reach a plugin's integration through the outbox, surviving its failures. */
class PluginEventsIT {

    @TempDir
    Path home;
    Database database;
    PluginService plugins;
    PluginEvents events;
    OutboxWorker worker;

    @BeforeEach
    void start() {
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 5, new SimpleMeterRegistry(), null);
        database.migrate();
        PluginJar.plugin("gated", "1.0.0").pluginClass(FixturePlugin.class).extension(GatedListener.class)
                .resource("db/migration/gated/V1__tables.sql",
                        "CREATE TABLE gate (open boolean); CREATE TABLE received (event_id uuid PRIMARY KEY, number text);")
                .writeTo(home.resolve("plugins"), "gated.jar");
        PluginJar.plugin("erring", "1.0.0").pluginClass(FixturePlugin.class).extension(ErringListener.class)
                .withClass(PluginErrors.class)
                .resource("db/migration/erring/V1__tables.sql",
                        "CREATE TABLE received (event_id uuid PRIMARY KEY, number text);")
                .writeTo(home.resolve("plugins"), "erring.jar");
        plugins = new PluginService(new PluginService.PluginSettings(home.resolve("plugins"), home.resolve("work"),
                Duration.ofSeconds(60)), database,
                (id, loader) -> new TestPluginContext(id, Map.of(), new SchemaDataSource(database.dataSource(), id)),
                new SimpleMeterRegistry());
        plugins.start();
        Outbox outbox = new Outbox(database.jdbi(), JsonMapper.create());
        events = new PluginEvents(plugins, outbox, JsonMapper.create());
        worker = new OutboxWorker(database.jdbi(), Map.of(Outbox.EVENT, events));
    }

    @AfterEach
    void stop() {
        worker.close();
        plugins.close();
        database.close();
    }

    @Test
    void failingIntegrationIsRetriedUntilItReceivesTheEventOnce() {
        Jdbi jdbi = database.jdbi();
        DeclarationSubmitted event = new DeclarationSubmitted(UUID.randomUUID(), UUID.randomUUID(), "any-family",
                "DC-000001", "digital", "python", "Python", "a@b.c", Map.of("lastName", "Иванов"), Instant.now());
        jdbi.useTransaction(handle -> events.publish(handle, event));
        assertEquals("gated", jdbi.withHandle(h -> h.createQuery("SELECT target FROM outbox").mapTo(String.class).one()));

        worker.drain();
        assertEquals("PENDING", jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox").mapTo(String.class).one()));
        assertTrue(jdbi.withHandle(h -> h.createQuery("SELECT last_error FROM outbox").mapTo(String.class).one())
                .contains("receiver is down"));

        jdbi.useHandle(h -> h.execute("INSERT INTO \"gated\".gate VALUES (true)"));
        jdbi.useHandle(h -> h.execute("UPDATE outbox SET next_attempt_at = now()"));
        worker.drain();
        assertEquals("DONE", jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox").mapTo(String.class).one()));
        assertEquals("DC-000001", jdbi.withHandle(h -> h.createQuery("SELECT number FROM \"gated\".received")
                .mapTo(String.class).one()));
        assertEquals(2, (int) jdbi.withHandle(h -> h.createQuery("SELECT attempts FROM outbox").mapTo(Integer.class).one()));
    }

    @Test
    void eventsWaitWhileThePluginIsDisabled() {
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> h.execute("INSERT INTO \"gated\".gate VALUES (true)"));
        DeclarationSubmitted event = new DeclarationSubmitted(UUID.randomUUID(), UUID.randomUUID(), "any-family",
                "DC-000002", "digital", "python", "Python", "a@b.c", Map.of(), Instant.now());
        jdbi.useTransaction(handle -> events.publish(handle, event));
        plugins.disable("gated");
        worker.drain();
        assertEquals("PENDING", jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox").mapTo(String.class).one()));

        plugins.enable("gated");
        jdbi.useHandle(h -> h.execute("UPDATE outbox SET next_attempt_at = now()"));
        worker.drain();
        assertEquals(1, (int) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM \"gated\".received")
                .mapTo(Integer.class).one()));
    }

    @Test
    void aListenerFailingWithAnErrorIsRetriedAsAnyFailureNamingThePlugin() {
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> h.execute("INSERT INTO \"gated\".gate VALUES (true)"));
        Map<String, String> told = Map.of("NoClassDefFoundError", "NoClassDefFoundError: com/example/crm/Client",
                "AssertionError", "AssertionError: a contact id expected",
                "ExceptionInInitializerError", "IllegalStateException: crm.properties missing",
                "StackOverflowError", "StackOverflowError");
        told.forEach((error, text) -> {
            jdbi.useTransaction(handle -> events.publish(handle, erring("DC-" + error, Map.of("throw", error))));
            try (LogCapture log = LogCapture.start()) {
                assertEquals(2, worker.drain(), error + ": the event of each plugin");
                List<ILoggingEvent> warned = log.atLeast(Level.WARN);
                assertEquals(1, warned.size(), error + ": one line: " + warned);
                assertNull(warned.get(0).getThrowableProxy(), error + ": the trace only at DEBUG");
            }
            Map<String, Object> entry = jdbi.withHandle(h -> h.createQuery(
                    "SELECT status, last_error FROM outbox WHERE target = 'erring'").mapToMap().one());
            assertEquals("PENDING", entry.get("status"), error);
            String lastError = (String) entry.get("last_error");
            assertTrue(lastError.contains("plugin erring 1.0.0 failed") && lastError.contains(text), lastError);
            jdbi.useHandle(h -> h.execute("DELETE FROM outbox"));
        });
    }

    @Test
    void theWorkerGoesOnAfterAListenerFailedWithAnError() {
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> h.execute("INSERT INTO \"gated\".gate VALUES (true)"));
        worker.start(Duration.ofMillis(50));
        jdbi.useTransaction(handle -> events.publish(handle, erring("DC-000003", Map.of("throw", "NoClassDefFoundError"))));
        Eventually.holds("the failing event tried", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL").mapTo(Integer.class).one()) == 1);

        jdbi.useTransaction(handle -> events.publish(handle, erring("DC-000004", Map.of())));
        Eventually.holds("the next event delivered by the same worker", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM \"erring\".received WHERE number = 'DC-000004'").mapTo(Integer.class).one()) == 1);
    }

    @Test
    void aListenerFailingToSayWhetherItListensGetsTheEventAndTheSubmissionGoesOn() {
        Jdbi jdbi = database.jdbi();
        DeclarationSubmitted event = new DeclarationSubmitted(UUID.randomUUID(), UUID.randomUUID(), "unsure",
                "DC-000005", "digital", "python", "Python", "a@b.c", Map.of(), Instant.now());
        jdbi.useTransaction(handle -> events.publish(handle, event));
        assertEquals(List.of("erring", "gated"), jdbi.withHandle(h -> h.createQuery(
                "SELECT target FROM outbox ORDER BY target").mapTo(String.class).list()));

        worker.drain();
        String lastError = jdbi.withHandle(h -> h.createQuery("SELECT last_error FROM outbox WHERE target = 'erring'")
                .mapTo(String.class).one());
        assertTrue(lastError.contains("plugin erring 1.0.0 failed") && lastError.contains("a known family expected"),
                lastError);
    }

    private static DeclarationSubmitted erring(String number, Map<String, String> values) {
        return new DeclarationSubmitted(UUID.randomUUID(), UUID.randomUUID(), "erring", number, "digital", "python",
                "Python", "a@b.c", values, Instant.now());
    }
}
