package org.matricula.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.matricula.platform.cluster.CrashSetup.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.matricula.platform.cluster.SubmissionLoad.Outcome;
import org.matricula.platform.cluster.SubmissionLoad.Result;
import org.matricula.platform.db.Database;
import org.matricula.platform.testing.PlatformProcess;

/**
 * The platform on its own embedded PostgreSQL, killed with SIGKILL while declarations are being
 * submitted: its PostgreSQL dies with it instead of holding the data folder, and the next start on
 * the same folder is ready promptly with every acknowledged declaration there.
 */
class EmbeddedDatabaseKillIT {

    private static final int CLIENTS = 4;
    private static final Path LOGS = Path.of("target", "embedded-kill").toAbsolutePath();

    @Test
    void aKilledServerLeavesNoPostgresBehindAndRestartsWithEveryAcknowledgedDeclaration() throws Exception {
        Path home = CrashSetup.home();
        Path postgresFolder = home.resolve("data").resolve("postgres");
        int databasePort = PlatformProcess.freePort();
        Map<String, String> settings = Map.of("data.dir", home.resolve("data").toString(),
                "db.embedded.port", Integer.toString(databasePort), "plugins.scan-interval", "1s");
        int port = PlatformProcess.freePort();
        String url = "jdbc:postgresql://localhost:" + databasePort + "/matricula";

        List<Outcome> outcomes;
        try (PlatformProcess first = PlatformProcess.start(home, port, settings, LOGS.resolve("first.log"));
             Database database = Database.connect(url, "postgres", password(postgresFolder), CLIENTS + 2,
                     new SimpleMeterRegistry(), null)) {
            Jdbi jdbi = database.jdbi();
            CrashSetup.openProject(jdbi);
            SubmissionLoad load = new SubmissionLoad(jdbi, first.uri("/api/me/declarations?lang=en"),
                    CrashSetup.PROJECT, CrashSetup.PROGRAM);
            load.start(CLIENTS);
            await(() -> load.refused() || load.created() >= 40, Duration.ofSeconds(40), "40 answered submissions");
            long postmaster = Long.parseLong(Files.readAllLines(postgresFolder.resolve("postmaster.pid")).get(0).trim());
            assertEquals(137, first.kill(), "exit code of a process killed by SIGKILL (128 + 9)");
            outcomes = load.awaitStopped(Duration.ofSeconds(20));
            await(() -> ProcessHandle.of(postmaster).map(process -> !process.isAlive()).orElse(true),
                    Duration.ofSeconds(10), "the embedded PostgreSQL " + postmaster + " to die with its server");
        }
        // A client still preparing its applicant in the database when the kill takes PostgreSQL down fails
        // there, before any request: that says nothing about the server. A refused request does.
        assertEquals(List.of(), outcomes.stream().filter(outcome -> outcome.result() == Result.REFUSED)
                .filter(outcome -> outcome.accountId() != null).toList(), "requests the server refused");
        List<UUID> acknowledged = outcomes.stream().filter(outcome -> outcome.result() == Result.CREATED)
                .map(Outcome::declarationId).toList();

        long restarted = System.nanoTime();
        PlatformProcess second = PlatformProcess.start(home, port, settings, LOGS.resolve("second.log"));
        try (Database database = Database.connect(url, "postgres", password(postgresFolder), 2,
                new SimpleMeterRegistry(), null)) {
            Duration untilReady = Duration.ofNanos(System.nanoTime() - restarted);
            assertTrue(untilReady.compareTo(Duration.ofSeconds(30)) < 0, "ready after " + untilReady + "; see "
                    + second.log());
            List<UUID> stored = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT id FROM declarations WHERE id = ANY(:ids)").bindArray("ids", UUID.class, acknowledged)
                    .mapTo(UUID.class).list());
            assertEquals(acknowledged.size(), stored.size(), "every acknowledged declaration is stored");
            System.out.printf("Embedded kill: %d declarations acknowledged before the kill, all stored; ready %d ms "
                    + "after the restart began%n", acknowledged.size(), untilReady.toMillis());
        } finally {
            second.stop();
        }
    }

    private static String password(Path postgresFolder) {
        return org.matricula.platform.db.EmbeddedDatabase.storedPassword(postgresFolder).orElseThrow();
    }
}
