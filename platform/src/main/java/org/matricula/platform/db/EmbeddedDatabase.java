package org.matricula.platform.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run by the platform itself when no external database is configured.
 * Its data folder survives restarts. The server runs as a child of this JVM, tied to it so that it
 * dies with it (see {@link PostgresCommand}); as root, in a user namespace, because PostgreSQL
 * refuses to run as root. A PostgreSQL left running on the folder by a server that is gone is
 * stopped at start; one whose server is still running is not touched.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "matricula";
    private static final int DEFAULT_SHARED_BUFFERS_MB = 128;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Logger postgresLog = LoggerFactory.getLogger("org.matricula.platform.db.postgres");

    private final Path folder;
    private final int port;
    private final FolderLock lock;
    private final Process postmaster;
    private final RecentOutput output;
    private final String password;
    private volatile boolean stopping;

    private EmbeddedDatabase(Path folder, int port, FolderLock lock, Process postmaster, RecentOutput output,
            String password) {
        this.folder = folder;
        this.password = password;
        this.port = port;
        this.lock = lock;
        this.postmaster = postmaster;
        this.output = output;
    }

    /** Started with PostgreSQL's own cache size (128 MB). */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        return start(dataDirectory, port, DEFAULT_SHARED_BUFFERS_MB);
    }

    /** @param sharedBuffersMegabytes PostgreSQL's cache of table and index pages */
    public static EmbeddedDatabase start(Path dataDirectory, int port, int sharedBuffersMegabytes) {
        return start(dataDirectory, port, sharedBuffersMegabytes, false);
    }

    /**
     * @param sharedBuffersMegabytes PostgreSQL's cache of table and index pages
     * @param statementStatistics    whether PostgreSQL counts and times every statement, in the
     *     database's {@code pg_stat_statements} view (a few per cent of its CPU)
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, int sharedBuffersMegabytes,
            boolean statementStatistics) {
        Path folder = dataDirectory.toAbsolutePath().normalize();
        FolderLock lock = FolderLock.take(folder);
        EmbeddedDatabase database = null;
        try {
            PostgresCommand.checkUserNamespace();
            stopLeftoverServer(folder);
            Optional<String> stored = EmbeddedPassword.stored(folder);
            String password = stored.orElseGet(EmbeddedPassword::create);
            if (!Files.isRegularFile(folder.resolve("PG_VERSION"))) {
                initdb(folder, password);
                EmbeddedPassword.keep(folder, password);
            }
            int chosenPort = port > 0 ? port : freePort();
            RecentOutput output = new RecentOutput();
            database = new EmbeddedDatabase(folder, chosenPort, lock, launch(folder, chosenPort, sharedBuffersMegabytes,
                    statementStatistics, output), output, password);
            database.awaitReady();
            if (EmbeddedPassword.trusts(folder)) {
                database.requirePassword(stored.isPresent());
            }
            database.createDatabaseIfMissing(statementStatistics);
            log.info("Embedded PostgreSQL started on port {} with data in {}", chosenPort, folder);
            return database;
        } catch (RuntimeException | IOException | SQLException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (database != null) {
                database.close();
            } else {
                lock.release();
            }
            if (e instanceof DatabaseException known) {
                throw known;
            }
            throw new DatabaseException("Cannot start the embedded PostgreSQL in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The password the embedded PostgreSQL of this data folder takes, for a tool connecting from
     * outside the server that runs it; empty before its first start.
     */
    public static Optional<String> storedPassword(Path dataDirectory) {
        return EmbeddedPassword.stored(dataDirectory.toAbsolutePath().normalize());
    }

    /**
     * The process id of a PostgreSQL server running on the data folder, if any: its
     * {@code postmaster.pid} names a live PostgreSQL process in that folder. A stale file after a
     * crash does not count.
     */
    public static Optional<Long> runningServer(Path dataDirectory) {
        return PostgresProcesses.postmaster(dataDirectory).map(ProcessHandle::pid);
    }

    /**
     * Stops the PostgreSQL processes still running on the folder after the server that started
     * them was killed. One that a live server still runs is left alone and the start refused.
     */
    private static void stopLeftoverServer(Path folder) throws InterruptedException {
        Set<ProcessHandle> leftovers = new LinkedHashSet<>();
        Optional<ProcessHandle> postmaster = PostgresProcesses.postmaster(folder);
        postmaster.ifPresent(leftovers::add);
        leftovers.addAll(PostgresProcesses.runningIn(folder));
        if (leftovers.isEmpty()) {
            return;
        }
        for (ProcessHandle process : leftovers) {
            Optional<ProcessHandle> owner = process.parent().filter(ProcessHandle::isAlive)
                    .filter(parent -> !leftovers.contains(parent));
            if (owner.isPresent() && PostgresProcesses.programName(owner.get().pid()).equals("java")) {
                throw new DatabaseException("The embedded PostgreSQL in " + folder + " is in use: PostgreSQL process "
                        + process.pid() + " runs on it for the running process " + owner.get().pid() + " ("
                        + PostgresProcesses.commandLine(owner.get().pid()) + "). Stop that server first, or give "
                        + "this one another data.dir.", null);
            }
        }
        log.warn("PostgreSQL processes {} are still running in {} although the server that started them is gone; "
                + "stopping them", leftovers.stream().map(ProcessHandle::pid).toList(), folder);
        // The postmaster shuts down fast and stops its own processes; processes whose postmaster was
        // killed are only told to end.
        postmaster.ifPresent(EmbeddedDatabase::requestFastShutdown);
        leftovers.stream().filter(process -> !process.equals(postmaster.orElse(null))).forEach(ProcessHandle::destroy);
        List<ProcessHandle> processes = List.copyOf(leftovers);
        if (!PostgresProcesses.awaitExit(processes, SHUTDOWN_TIMEOUT)) {
            log.warn("PostgreSQL processes in {} did not stop within {}; killing them", folder, SHUTDOWN_TIMEOUT);
            processes.forEach(ProcessHandle::destroyForcibly);
            if (!PostgresProcesses.awaitExit(processes, Duration.ofSeconds(10))) {
                throw new DatabaseException("Cannot stop the PostgreSQL processes "
                        + processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList()
                        + " left running in " + folder, null);
            }
        }
    }

    /**
     * Moves a folder made when connections needed no password to password authentication: the
     * password kept first, then set, then required, so that a crash at any step leaves a folder
     * the next start finishes.
     */
    private void requirePassword(boolean kept) throws IOException, SQLException {
        if (!kept) {
            EmbeddedPassword.keep(folder, password);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = '" + EmbeddedPassword.method() + "'");
            statement.execute("ALTER USER postgres PASSWORD '" + password + "'");
            EmbeddedPassword.requireIt(folder);
            statement.execute("SELECT pg_reload_conf()");
        }
        log.info("The embedded PostgreSQL in {} now takes connections with its password only", folder);
    }

    private static void initdb(Path folder, String password) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path passwordFile = EmbeddedPassword.forInitdb(folder, password);
        try {
            List<String> command = PostgresCommand.initdb(folder, passwordFile);
            Process initdb = new ProcessBuilder(command).redirectErrorStream(true).start();
            initdb.getOutputStream().close();
            String output = new String(initdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!initdb.waitFor(2, TimeUnit.MINUTES) || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new DatabaseException("Cannot create the embedded PostgreSQL's database cluster in " + folder
                        + ": initdb failed: " + RecentOutput.lastLines(output.lines().toList(), 6), null);
            }
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        log.info("Created a PostgreSQL database cluster in {}", folder);
    }

    /**
     * Starts the server from a thread of its own that lives exactly as long as the server: the
     * kernel's parent-death signal follows the thread that started a process, not the JVM, so a
     * server started from a thread that later ends would be killed with it.
     */
    private static Process launch(Path folder, int port, int sharedBuffersMegabytes, boolean statementStatistics,
            RecentOutput output) throws IOException, InterruptedException {
        List<String> command = PostgresCommand.inUserNamespaceIfRoot(PostgresCommand.tiedToStartingThread(
                PostgresCommand.server(folder, port, sharedBuffersMegabytes, statementStatistics)));
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread owner = new Thread(() -> {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(process);
            output.readUntilClosed(process.getInputStream());
            try {
                int exit = process.waitFor();
                if (exit != 0) {
                    log.warn("Embedded PostgreSQL in {} ended with exit code {}: {}", folder, exit, output.reason());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "embedded-postgres");
        owner.setDaemon(true);
        owner.start();
        try {
            return started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException lastRefusal = null;
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                output.awaitClosed(Duration.ofSeconds(2));
                throw new DatabaseException("The embedded PostgreSQL in " + folder + " stopped during its start (exit "
                        + "code " + postmaster.exitValue() + "): " + output.reason(), null);
            }
            try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres") + "&connectTimeout=2")) {
                return;
            } catch (SQLException notYet) {
                lastRefusal = notYet; // not listening yet, or still recovering after a crash
            }
            Thread.sleep(100);
        }
        throw new DatabaseException("The embedded PostgreSQL in " + folder + " did not accept connections within "
                + STARTUP_TIMEOUT.toSeconds() + " s (last attempt: "
                + (lastRefusal == null ? "none" : lastRefusal.getMessage()) + "); its last output: " + output.reason(),
                lastRefusal);
    }

    private void createDatabaseIfMissing(boolean statementStatistics) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
            }
        }
        if (statementStatistics) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(DATABASE));
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
        }
    }

    /** The address of the platform's database; connect as {@code postgres} with {@link #password()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The password every connection gives (URL-safe: it needs no quoting). */
    public String password() {
        return password;
    }

    /** For this class's own connections: the URL with the credentials, which no log or pool is shown. */
    private String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres&password=" + password;
    }

    public int port() {
        return port;
    }

    /** Stops the server with a fast shutdown (sessions ended, a checkpoint written), killing it only as a last resort. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            ProcessHandle server = postmaster.toHandle();
            requestFastShutdown(server);
            if (!postmaster.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("Embedded PostgreSQL did not stop within {}; killing it", SHUTDOWN_TIMEOUT);
                postmaster.destroyForcibly();
                postmaster.waitFor(10, TimeUnit.SECONDS);
            } else {
                log.info("Embedded PostgreSQL stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            postmaster.destroyForcibly();
        } finally {
            lock.release();
        }
    }

    /**
     * SIGINT, PostgreSQL's fast shutdown. Java can only send SIGTERM, PostgreSQL's smart shutdown,
     * which waits for every session to end; it is the fallback where no shell is there to send SIGINT.
     */
    private static void requestFastShutdown(ProcessHandle postmaster) {
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -INT \"$1\"", "kill",
                    Long.toString(postmaster.pid())).redirectErrorStream(true).start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            log.debug("Cannot send SIGINT to PostgreSQL process {}: {}", postmaster.pid(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postmaster.destroy();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * An exclusive lock on a file next to the data folder, held while a process of this JVM runs
     * the folder's server: the operating system drops it when the JVM ends, however it ends, so a
     * lock that cannot be taken means another live process uses the folder.
     */
    private record FolderLock(FileChannel channel, FileLock lock) {

        static FolderLock take(Path folder) {
            Path file = folder.resolveSibling(folder.getFileName() + ".lock");
            try {
                Files.createDirectories(folder.getParent());
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldInThisJvm) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    throw new DatabaseException("The embedded PostgreSQL in " + folder + " is in use by another running "
                            + "Matricula server or command (it holds " + file + "). Stop it first, or give this one "
                            + "another data.dir.", null);
                }
                return new FolderLock(channel, lock);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot lock " + file + ": " + e.getMessage(), e);
            }
        }

        void release() {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // the lock goes with the process at the latest
            }
        }
    }

    /**
     * The server's output, read by the thread that owns the server: logged (unexpected FATAL and
     * PANIC lines as warnings, the rest at debug level) and its last lines kept to explain a failed start.
     */
    private static final class RecentOutput {

        private static final int KEPT = 40;
        private final Deque<String> lines = new ArrayDeque<>();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();

        void readUntilClosed(InputStream stream) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    keep(line);
                    // Refusals of the readiness probe while the server starts or recovers are expected.
                    boolean expected = line.contains("the database system is starting up")
                            || line.contains("the database system is not yet accepting connections");
                    if (!expected && (line.contains("FATAL:") || line.contains("PANIC:"))) {
                        postgresLog.warn("{}", line);
                    } else {
                        postgresLog.debug("{}", line);
                    }
                }
            } catch (IOException ended) {
                // the server is gone
            } finally {
                closed.complete(null);
            }
        }

        void awaitClosed(Duration timeout) throws InterruptedException {
            try {
                closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException stillOpen) {
                // explain with what arrived so far
            }
        }

        private synchronized void keep(String line) {
            lines.addLast(line);
            if (lines.size() > KEPT) {
                lines.removeFirst();
            }
        }

        /** The lines that say why the server failed: from its first FATAL or PANIC on, else its last lines. */
        synchronized String reason() {
            return lastLines(new ArrayList<>(lines), 6);
        }

        static String lastLines(List<String> output, int count) {
            List<String> meaningful = output.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
            for (int i = 0; i < meaningful.size(); i++) {
                if (meaningful.get(i).contains("FATAL:") || meaningful.get(i).contains("PANIC:")) {
                    return String.join(" / ", meaningful.subList(i, Math.min(meaningful.size(), i + count)));
                }
            }
            return meaningful.isEmpty() ? "no output"
                    : meaningful.subList(Math.max(0, meaningful.size() - count), meaningful.size()).stream()
                            .collect(Collectors.joining(" / "));
        }
    }
}
