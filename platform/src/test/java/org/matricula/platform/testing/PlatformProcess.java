package org.matricula.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The platform's {@code Main} in a JVM of its own, on this JVM's class path, so that a test can
 * kill it outright while the test's PostgreSQL and mail server live on. Its output goes to a log
 * file, named in every failure.
 */
public final class PlatformProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PlatformProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code Main} with {@code home} as its installation folder and waits until it is ready. */
    public static PlatformProcess start(Path home, int port, Map<String, String> settings, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dmatricula.home=" + home, "-cp", System.getProperty("java.class.path"),
                "org.matricula.platform.Main", "--http.host=127.0.0.1", "--http.port=" + port));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PlatformProcess platform = new PlatformProcess(process, port, log);
        platform.awaitReady(Duration.ofSeconds(40));
        return platform;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The platform exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(uri("/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The platform was not ready within " + timeout + "; see " + log);
    }

    /** Kills the process with SIGKILL, as the OOM killer or a power cut would, and returns its exit code. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The platform survived SIGKILL; see " + log);
        }
        return process.exitValue();
    }

    /** Stops the process with SIGTERM, as an operator would, and waits for its graceful shutdown. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The platform did not stop within 60 s of SIGTERM; see " + log);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Path log() {
        return log;
    }

    /** A port nothing listens on at the moment. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
