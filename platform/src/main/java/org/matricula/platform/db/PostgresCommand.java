package org.matricula.platform.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command lines that run the embedded PostgreSQL's programs: as root in a user namespace,
 * since PostgreSQL refuses to run as root, and the server tied to the process that starts it.
 */
final class PostgresCommand {

    /**
     * Every commit is on disk before it is answered: the product runs with these whatever the
     * defaults of the binaries or of the embedded library are.
     */
    static final Map<String, String> DURABILITY = Map.of("fsync", "on", "synchronous_commit", "on",
            "full_page_writes", "on");

    private static final Logger log = LoggerFactory.getLogger(PostgresCommand.class);
    private static Boolean parentDeathSignal;

    private PostgresCommand() {
    }

    /** Creates a new cluster in the folder, with a {@code postgres} superuser trusted on local connections. */
    /** A new data folder whose every connection gives the password in {@code passwordFile}. */
    static List<String> initdb(Path dataFolder, Path passwordFile) {
        return inUserNamespaceIfRoot(List.of(program("initdb"), "-A", EmbeddedPassword.method(), "-U", "postgres",
                "--pwfile=" + passwordFile, "-D", dataFolder.toString(), "-E", "UTF-8"));
    }

    /** Runs the server in the foreground, so that it stays a child of the process starting it. */
    static List<String> server(Path dataFolder, int port, int sharedBuffersMegabytes) {
        return server(dataFolder, port, sharedBuffersMegabytes, false);
    }

    /** As above; {@code statementStatistics} loads {@code pg_stat_statements}, which counts and times every statement. */
    static List<String> server(Path dataFolder, int port, int sharedBuffersMegabytes, boolean statementStatistics) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("timezone", "UTC");
        settings.put("max_connections", "300");
        settings.put("shared_buffers", sharedBuffersMegabytes + "MB");
        settings.putAll(DURABILITY);
        if (statementStatistics) {
            settings.put("shared_preload_libraries", "pg_stat_statements");
            settings.put("pg_stat_statements.track_planning", "on");
        }
        List<String> command = new ArrayList<>(List.of(program("postgres"), "-D", dataFolder.toString(), "-p",
                Integer.toString(port)));
        settings.forEach((key, value) -> command.addAll(List.of("-c", key + "=" + value)));
        return command;
    }

    /**
     * The command wrapped so that the kernel kills it when the thread that started it ends, which
     * happens at the latest when the JVM dies: a killed server leaves no PostgreSQL holding its data
     * folder. {@code setpriv} (util-linux) sets that parent-death signal and then runs the command;
     * where it is missing, the command runs as it is.
     */
    static List<String> tiedToStartingThread(List<String> command) {
        if (!parentDeathSignalAvailable()) {
            return command;
        }
        List<String> tied = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL"));
        tied.addAll(command);
        return tied;
    }

    /** As root, the command in a new user namespace where it runs as an ordinary user. */
    static List<String> inUserNamespaceIfRoot(List<String> command) {
        if (!runsAsRoot()) {
            return command;
        }
        List<String> unshared = new ArrayList<>(List.of("unshare", "-U"));
        unshared.addAll(command);
        return unshared;
    }

    /**
     * Fails with the reason when this runs as root and cannot make a user namespace, before any
     * PostgreSQL program is started to fail less clearly.
     */
    static void checkUserNamespace() {
        if (!runsAsRoot()) {
            return;
        }
        String failure = probe(List.of("unshare", "-U", "true"));
        if (failure != null) {
            throw new DatabaseException("Matricula runs as root and PostgreSQL refuses to, so the embedded PostgreSQL "
                    + "runs in a user namespace ('unshare -U', util-linux), but that failed: " + failure
                    + ". Enable unprivileged user namespaces, run Matricula as an ordinary user, or set db.url to an "
                    + "external PostgreSQL.", null);
        }
    }

    static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException notLinux) {
            return false;
        }
    }

    private static synchronized boolean parentDeathSignalAvailable() {
        if (parentDeathSignal == null) {
            String failure = probe(List.of("setpriv", "--pdeathsig", "KILL", "true"));
            parentDeathSignal = failure == null;
            if (failure != null) {
                log.warn("'setpriv --pdeathsig' (util-linux) is not available ({}): the embedded PostgreSQL will "
                        + "outlive a killed server, and the next start stops it", failure);
            }
        }
        return parentDeathSignal;
    }

    private static String program(String name) {
        return PostgresBinaries.binFolder().resolve(name).toString();
    }

    /** Runs a short command; null when it succeeded, else what went wrong. */
    private static String probe(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return process.exitValue() == 0 ? null : String.join(" ", command) + " exited with "
                    + process.exitValue() + (output.isEmpty() ? "" : ": " + output);
        } catch (IOException e) {
            return String.join(" ", command) + " cannot be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
