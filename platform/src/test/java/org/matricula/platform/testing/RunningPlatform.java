package org.matricula.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.matricula.platform.Platform;
import org.matricula.platform.config.ConfigLoader;

/**
 * A full platform on a free port over a fresh database of the shared test PostgreSQL, with a
 * small HTTP client for end-to-end tests. Started at once with {@link #start}, or for a whole
 * test class by {@link PlatformExtension}.
 */
public class RunningPlatform implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final Map<String, String> overrides;
    private final HttpClient client = HttpClient.newHttpClient();
    private Platform platform;
    private Path home;

    RunningPlatform(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    public static RunningPlatform start(Map<String, String> overrides) {
        RunningPlatform running = new RunningPlatform(overrides);
        running.open();
        return running;
    }

    final void open() {
        try {
            home = Files.createTempDirectory("matricula-home");
            Files.createDirectories(home.resolve("plugins"));
            Map<String, String> settings = new HashMap<>(Map.of(
                    "db.url", TestPostgres.newDatabase(), "db.user", "postgres",
                    "http.host", "127.0.0.1", "http.port", "0", "admin.token", ADMIN_TOKEN,
                    "plugins.scan-interval", "200ms", "outbox.poll-interval", "100ms"));
            settings.putAll(overrides);
            platform = Platform.start(ConfigLoader.load(null, Map.of(), settings, home));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Platform platform() {
        return platform;
    }

    public Path pluginsDir() {
        return home.resolve("plugins");
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + platform.port() + path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    /**
     * Waits until the family of a plugin just written to the plugins folder is live (the folder is
     * scanned every second), at most 15 seconds.
     */
    public void awaitFamily(String familyId) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (get("/api/families/" + familyId).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The family " + familyId + " did not go live within 15 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Waits until a plugin just written to the plugins folder has started (the folder is scanned
     * every second), at most 30 seconds.
     */
    public void awaitStarted(String pluginId) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (platform().plugins().startedVersion(pluginId).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The plugin " + pluginId + " did not start within 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Waits until every lead taken so far is written into the CRM (the lead inbox's worker writes
     * them moments after they are taken), at most 15 seconds.
     */
    public void awaitLeadsWritten() {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (platform.database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT EXISTS (SELECT 1 FROM lead_inbox WHERE failure IS NULL)").mapTo(Boolean.class).one())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The leads taken were not written within 15 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    @Override
    public void close() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }
}
