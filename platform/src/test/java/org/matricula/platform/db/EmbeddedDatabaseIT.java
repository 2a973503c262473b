package org.matricula.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server: its data across restarts, its durability settings, what it does with a
 * PostgreSQL left running on its folder, and the reasons it gives when it cannot start.
 */
class EmbeddedDatabaseIT {

    @TempDir
    Path data;

    @Test
    void dataSurvivesRestart() {
        Path folder = data.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(folder, 0)) {
            Jdbi jdbi = Jdbi.create(first.jdbcUrl(), "postgres", first.password());
            jdbi.useHandle(h -> h.execute("CREATE TABLE kept (note text)"));
            jdbi.useHandle(h -> h.execute("INSERT INTO kept VALUES ('перезапуск')"));
        }
        assertTrue(Files.exists(folder.resolve("PG_VERSION")), "data folder holds a real cluster");
        try (EmbeddedDatabase second = EmbeddedDatabase.start(folder, 0)) {
            String note = Jdbi.create(second.jdbcUrl(), "postgres", second.password())
                    .withHandle(h -> h.createQuery("SELECT note FROM kept").mapTo(String.class).one());
            assertEquals("перезапуск", note);
            String version = Jdbi.create(second.jdbcUrl(), "postgres", second.password())
                    .withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
            assertTrue(version.startsWith("17"), "PostgreSQL 17 from the binaries BOM, got " + version);
        }
    }

    @Test
    void thePageCacheIsTheSizeAsked() {
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data.resolve("postgres"), 0, 48)) {
            assertEquals("48MB", Jdbi.create(embedded.jdbcUrl(), "postgres", embedded.password())
                    .withHandle(h -> h.createQuery("SHOW shared_buffers").mapTo(String.class).one()));
        }
    }

    @Test
    void statementStatisticsCountEveryStatementWhenAskedFor() {
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data.resolve("postgres"), 0, 48, true)) {
            Jdbi jdbi = Jdbi.create(embedded.jdbcUrl(), "postgres", embedded.password());
            jdbi.useHandle(h -> {
                h.execute("CREATE TABLE counted (n int)");
                for (int i = 0; i < 3; i++) {
                    h.execute("INSERT INTO counted VALUES (1)");
                }
            });
            assertEquals(3L, (long) jdbi.withHandle(h -> h.createQuery("SELECT calls FROM pg_stat_statements"
                    + " WHERE query LIKE 'INSERT INTO counted%'").mapTo(Long.class).one()));
        }
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data.resolve("postgres"), 0, 48)) {
            assertEquals("", Jdbi.create(embedded.jdbcUrl(), "postgres", embedded.password())
                    .withHandle(h -> h.createQuery("SHOW shared_preload_libraries").mapTo(String.class).one()),
                    "off unless asked for");
        }
    }

    @Test
    void commitsReachTheDiskBeforeTheyAreAnswered() {
        EmbeddedDatabase embedded = EmbeddedDatabase.start(data.resolve("postgres"), 0);
        // The pool the platform itself builds over the embedded server, which it closes with the pool.
        try (Database database = Database.connect(embedded.jdbcUrl(), "postgres", embedded.password(), 2, new SimpleMeterRegistry(),
                embedded)) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                assertEquals("on", database.jdbi().withHandle(h -> h.createQuery("SHOW " + setting)
                        .mapTo(String.class).one()), setting);
            }
        }
    }

    @Test
    void stopsAPostgresLeftRunningByAServerThatIsGoneAndStarts() throws Exception {
        Path folder = data.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(folder, 0)) {
            Jdbi.create(first.jdbcUrl(), "postgres", first.password()).useHandle(h -> h.execute("CREATE TABLE kept AS SELECT 1 AS n"));
        }
        // Started in the background of a shell that exits at once: its parent is gone, as after a
        // server that ran it untied was killed.
        List<String> orphan = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" >/dev/null 2>&1 &", "sh"));
        orphan.addAll(PostgresCommand.inUserNamespaceIfRoot(PostgresCommand.server(folder, freePort(), 128)));
        assertEquals(0, new ProcessBuilder(orphan).start().waitFor());
        ProcessHandle left = awaitPostmaster(folder);

        try (EmbeddedDatabase second = EmbeddedDatabase.start(folder, 0)) {
            assertFalse(left.isAlive(), "the PostgreSQL left running was stopped");
            int kept = Jdbi.create(second.jdbcUrl(), "postgres", second.password())
                    .withHandle(h -> h.createQuery("SELECT n FROM kept").mapTo(Integer.class).one());
            assertEquals(1, kept);
        }
    }

    @Test
    void aFreshFolderTakesConnectionsWithItsOwnPasswordOnly() throws Exception {
        Path folder = data.resolve("postgres");
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(folder, 0)) {
            int one = Jdbi.create(embedded.jdbcUrl(), "postgres", embedded.password())
                    .withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertEquals(1, one);
            assertRefused(embedded, "");
            assertRefused(embedded, "guess");
            assertTrue(embedded.password().length() >= 40, "a long random password");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(folder.resolve(EmbeddedPassword.FILE))));
            assertFalse(EmbeddedPassword.trusts(folder), Files.readString(folder.resolve("pg_hba.conf")));
        }
        assertTrue(Files.list(data).noneMatch(file -> file.getFileName().toString().endsWith(".password")),
                "initdb's password file is gone");
    }

    @Test
    void aFolderMadeWhenConnectionsNeededNoPasswordTakesOneAtItsNextStart() throws Exception {
        Path folder = data.resolve("postgres");
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(folder, 0)) {
            Jdbi.create(embedded.jdbcUrl(), "postgres", embedded.password())
                    .useHandle(h -> h.execute("CREATE TABLE kept AS SELECT 7 AS n"));
        }
        // as an installation of an earlier version left it: every connection trusted, no password kept
        Path hba = folder.resolve("pg_hba.conf");
        Files.writeString(hba, Files.readString(hba).replace("scram-sha-256", "trust"));
        Files.delete(folder.resolve(EmbeddedPassword.FILE));
        assertTrue(EmbeddedPassword.trusts(folder));

        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(folder, 0)) {
            assertFalse(EmbeddedPassword.trusts(folder), Files.readString(hba));
            assertEquals(embedded.password(), EmbeddedPassword.stored(folder).orElseThrow());
            int kept = Jdbi.create(embedded.jdbcUrl(), "postgres", embedded.password())
                    .withHandle(h -> h.createQuery("SELECT n FROM kept").mapTo(Integer.class).one());
            assertEquals(7, kept);
            assertRefused(embedded, "");
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(folder, 0)) {
            int kept = Jdbi.create(again.jdbcUrl(), "postgres", again.password())
                    .withHandle(h -> h.createQuery("SELECT n FROM kept").mapTo(Integer.class).one());
            assertEquals(7, kept, "the kept password opens it at the start after");
        }
    }

    private static void assertRefused(EmbeddedDatabase embedded, String password) {
        java.sql.SQLException refused = assertThrows(java.sql.SQLException.class,
                () -> java.sql.DriverManager.getConnection(embedded.jdbcUrl(), "postgres", password).close());
        assertTrue(refused.getMessage().contains("password"), refused.getMessage());
    }

    @Test
    void refusesAFolderWhosePostgresAServerStillRuns() throws Exception {
        Path folder = data.resolve("postgres");
        EmbeddedDatabase.start(folder, 0).close();
        // A child of this JVM, which is alive: a server's own PostgreSQL, not a leftover.
        Process running = new ProcessBuilder(PostgresCommand.inUserNamespaceIfRoot(
                PostgresCommand.server(folder, freePort(), 128))).redirectErrorStream(true)
                .redirectOutput(data.resolve("running.log").toFile()).start();
        try {
            ProcessHandle postmaster = awaitPostmaster(folder);
            DatabaseException refused = assertThrows(DatabaseException.class, () -> EmbeddedDatabase.start(folder, 0));
            assertTrue(refused.getMessage().contains("is in use: PostgreSQL process " + postmaster.pid()),
                    refused.getMessage());
            assertTrue(postmaster.isAlive(), "left alone");
        } finally {
            running.destroy();
            assertTrue(running.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void refusesAFolderThatAnotherEmbeddedDatabaseHolds() {
        Path folder = data.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(folder, 0)) {
            DatabaseException refused = assertThrows(DatabaseException.class, () -> EmbeddedDatabase.start(folder, 0));
            assertTrue(refused.getMessage().contains("is in use by another running Matricula"), refused.getMessage());
            int answer = Jdbi.create(first.jdbcUrl(), "postgres", first.password())
                    .withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertEquals(1, answer, "the first one serves on");
        }
    }

    @Test
    void aFailedStartSaysWhatPostgresSaid() throws IOException {
        Path folder = data.resolve("postgres");
        EmbeddedDatabase.start(folder, 0).close();
        Files.writeString(folder.resolve("PG_VERSION"), "16\n");

        long started = System.nanoTime();
        DatabaseException failed = assertThrows(DatabaseException.class, () -> EmbeddedDatabase.start(folder, 0));
        String message = failed.getMessage();
        assertTrue(message.contains("initialized by PostgreSQL version 16"), message);
        assertFalse(message.contains("unshare") || message.contains("namespace"), message);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 20, "fails at once, not at a timeout");
        assertTrue(PostgresProcesses.runningIn(folder).isEmpty(), "nothing left running");
    }

    private static ProcessHandle awaitPostmaster(Path folder) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var postmaster = PostgresProcesses.postmaster(folder);
            if (postmaster.isPresent()) {
                return postmaster.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no PostgreSQL started in " + folder);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
