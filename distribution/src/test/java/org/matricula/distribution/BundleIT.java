package org.matricula.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpacked bundle as a sysadmin runs it: bin/matricula, the embedded database, the bundled plugins. */
class BundleIT {

    private static final Path BUNDLE = Path.of(System.getProperty("matricula.bundle", "target/matricula"));
    private static final String TOKEN = "bundle-test-token-0123456789";
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void layoutIsComplete() throws IOException {
        assertTrue(Files.isExecutable(BUNDLE.resolve("bin/matricula")));
        assertTrue(Files.isRegularFile(BUNDLE.resolve("config/matricula.properties")));
        assertTrue(Files.isDirectory(BUNDLE.resolve("data")));
        assertTrue(Files.isRegularFile(BUNDLE.resolve("scenarios/enrolment.json")), "the example enrolment scenario");
        try (var plugins = Files.list(BUNDLE.resolve("plugins"))) {
            List<String> names = plugins.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("digital-chairs.jar", "growup.jar", "microsoft-365.jar", "mobility.jar", "yookassa.jar"),
                    names);
        }
        try (var lib = Files.list(BUNDLE.resolve("lib"))) {
            assertTrue(lib.anyMatch(p -> p.getFileName().toString().startsWith("platform-")));
        }
        Path tarball = BUNDLE.getParent().resolve("matricula-0.1.0-SNAPSHOT.tar.gz");
        assertTrue(Files.size(tarball) > 1_000_000, "tarball built");
    }

    @Test
    void helpPrintsUsage() throws Exception {
        Process process = command("--help").start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor());
        assertTrue(out.contains("Usage: matricula"), out);
    }

    @Test
    void badConfigurationStopsTheStartNamingTheKey() throws Exception {
        Process process = command("--http.prot=9000").start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.waitFor());
        assertTrue(err.contains("http.prot"), err);
    }

    @Test
    void anInstallationAddsALanguageWithABundleInItsI18nFolder() throws Exception {
        Path home = installationWithBundle("messages_kk.properties",
                "language.name=Қазақша\naccounts.login.logIn=Кіру\n");
        int port = freePort();
        Path log = work.resolve("kk.log");
        Process server = new ProcessBuilder(home.resolve("bin/matricula").toString(), "--http.port=" + port,
                "--data.dir=" + work.resolve("data"), "--admin.token=" + TOKEN)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReady(port, server, log);
            HttpResponse<String> login = send(HttpRequest.newBuilder(uri(port, "/login?lang=kk")));
            assertEquals(200, login.statusCode());
            assertTrue(login.body().contains("lang=\"kk\""), "the page is in the added language");
            assertTrue(login.body().contains("Кіру"), "its text where the bundle has one");
            assertTrue(login.body().contains("Қазақша"), "offered by its own name");
            assertTrue(login.body().contains("Password"), "English where the bundle has no text");
        } finally {
            stop(server);
        }
    }

    @Test
    void aBundleNamedAfterNoLanguageStopsTheStartNamingTheFile() throws Exception {
        Path home = installationWithBundle("messages_kz.properties", "accounts.login.logIn=Кіру\n");
        Process process = new ProcessBuilder(home.resolve("bin/matricula").toString(),
                "--data.dir=" + work.resolve("data")).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.waitFor());
        assertTrue(err.contains("messages_kz.properties"), err);
    }

    /** An installation of its own beside the bundle's, sharing its programs and plugins, with one message bundle. */
    private Path installationWithBundle(String name, String texts) throws IOException {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("bin"));
        Files.copy(BUNDLE.resolve("bin/matricula"), home.resolve("bin/matricula"));
        for (String shared : List.of("lib", "plugins", "config")) {
            Files.createSymbolicLink(home.resolve(shared), BUNDLE.resolve(shared).toAbsolutePath());
        }
        Files.createDirectories(home.resolve("i18n"));
        Files.writeString(home.resolve("i18n").resolve(name), texts, StandardCharsets.UTF_8);
        return home;
    }

    @Test
    void startsOnEmbeddedDatabaseLoadsPluginsStopsGracefullyAndKeepsData() throws Exception {
        int port = freePort();
        Path log = work.resolve("first.log");
        Process first = start(port, log);
        try {
            String ready = awaitReady(port, first, log);
            for (String plugin : List.of("digital-chairs", "mobility", "growup", "yookassa", "microsoft-365")) {
                assertTrue(ready.contains("{\"id\":\"" + plugin + "\",\"state\":\"STARTED\"}")
                        || ready.contains("\"state\":\"STARTED\",\"id\":\"" + plugin + "\""), ready);
            }
            HttpResponse<String> disabled = send(HttpRequest.newBuilder(uri(port, "/api/admin/plugins/growup/disable"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, disabled.statusCode(), disabled.body());
        } finally {
            stop(first);
        }
        String firstLog = Files.readString(log);
        assertTrue(firstLog.contains("Matricula stopped"), firstLog);
        assertTrue(firstLog.contains("Embedded PostgreSQL stopped"), firstLog);
        // Jersey logs through java.util.logging: bridged, its records carry Logback's format, and start-up
        // warnings about resources registered as instances are not printed.
        assertFalse(firstLog.contains("WARNING:") || firstLog.contains("registered in SERVER runtime"), firstLog);

        Process second = start(port, work.resolve("second.log"));
        try {
            String ready = awaitReady(port, second, work.resolve("second.log"));
            assertTrue(ready.contains("growup") && ready.contains("DISABLED"), "state kept across restart: " + ready);
        } finally {
            stop(second);
        }
    }

    @Test
    void backsUpAndRestoresTheEmbeddedDatabaseFromTheCommandLine() throws Exception {
        int port = freePort();
        Path data = work.resolve("data");
        Path file = work.resolve("matricula.backup");
        Process server = start(port, work.resolve("server.log"));
        try {
            awaitReady(port, server, work.resolve("server.log"));
            assertEquals(200, send(HttpRequest.newBuilder(uri(port, "/api/admin/plugins/growup/disable"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
            Result busy = run("backup", file.toString(), "--data.dir=" + data);
            assertEquals(1, busy.exitCode(), busy.output());
            assertTrue(busy.output().contains("Backup failed: the embedded database in") && busy.output().contains("in use"),
                    busy.output());
        } finally {
            stop(server);
        }

        Result backup = run("backup", file.toString(), "--data.dir=" + data);
        assertEquals(0, backup.exitCode(), backup.output());
        assertTrue(backup.output().matches("(?s).*\\[ ?\\d+/\\d+] public\\.declaration_documents  0 rows .*"), backup.output());
        assertTrue(backup.output().contains("mobility.flyway_schema_history"), backup.output());
        assertTrue(backup.output().contains("Backed up ") && Files.size(file) > 0, backup.output());

        Result restore = run("restore", file.toString(), "--force", "--data.dir=" + data);
        assertEquals(0, restore.exitCode(), restore.output());
        // a row per bundled plugin (what it offered when it last started), growup's saying it is disabled
        assertTrue(restore.output().contains("Restored ") && restore.output().contains("public.plugin_registry  5 rows"),
                restore.output());
        Result missing = run("restore", work.resolve("absent.backup").toString(), "--data.dir=" + data);
        assertEquals(1, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("Restore failed: backup file not found"), missing.output());

        Process again = start(port, work.resolve("again.log"));
        try {
            String ready = awaitReady(port, again, work.resolve("again.log"));
            assertTrue(ready.contains("growup") && ready.contains("DISABLED"), "restored state: " + ready);
        } finally {
            stop(again);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String... args) throws Exception {
        Process process = command(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private Process start(int port, Path log) throws IOException {
        return command("--http.port=" + port, "--data.dir=" + work.resolve("data"), "--admin.token=" + TOKEN)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(BUNDLE.resolve("bin/matricula").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private String awaitReady(int port, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = send(HttpRequest.newBuilder(uri(port, "/health/ready")));
                if (ready.statusCode() == 200) {
                    return ready.body();
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready in time: " + Files.readString(log));
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not stop within 60 s of SIGTERM");
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
