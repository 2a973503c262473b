package org.matricula.platform.backup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.matricula.platform.config.ConfigException;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.config.Settings;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.EmbeddedDatabase;

/**
 * {@code matricula backup FILE} and {@code matricula restore FILE [--force]}: reach the database
 * the configuration names (an external one, or the embedded one started from the data folder for
 * the duration of the command), do the work and answer an exit code with a one-line reason.
 */
public final class BackupCommand {

    private final boolean backup;
    private final Path file;
    private final boolean force;

    private BackupCommand(boolean backup, Path file, boolean force) {
        this.backup = backup;
        this.file = file;
        this.force = force;
    }

    /** Takes {@code backup FILE} or {@code restore FILE} off the front of the remaining arguments. */
    public static Optional<BackupCommand> take(List<String> rest, boolean force) {
        String verb = rest.isEmpty() ? "" : rest.get(0);
        if (!verb.equals("backup") && !verb.equals("restore")) {
            if (force) {
                throw new ConfigException("--force only goes with restore");
            }
            return Optional.empty();
        }
        if (rest.size() < 2 || rest.get(1).startsWith("--")) {
            throw new ConfigException(verb + " needs a file: matricula " + verb + " FILE");
        }
        if (force && verb.equals("backup")) {
            throw new ConfigException("--force only goes with restore");
        }
        Path file = Path.of(rest.get(1)).toAbsolutePath().normalize();
        rest.subList(0, 2).clear();
        return Optional.of(new BackupCommand(verb.equals("backup"), file, force));
    }

    /** Runs the command; 0 on success, 1 with the reason on standard error otherwise. */
    public int run(Configuration config, PrintStream out, PrintStream err) {
        try (Database database = open(config)) {
            if (backup) {
                new DatabaseBackup(database.dataSource(), out).write(file);
            } else {
                new DatabaseRestore(database, config.path(Settings.PLUGINS_DIR), out).restore(file, force);
            }
            return 0;
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println((backup ? "Backup" : "Restore") + " failed: " + reason.replaceAll("\\s+", " ").trim());
            return 1;
        }
    }

    private Database open(Configuration config) {
        String url = config.get(Settings.DB_URL);
        if (!url.isEmpty()) {
            return Database.connect(url, config.get(Settings.DB_USER), config.get(Settings.DB_PASSWORD), 4,
                    new SimpleMeterRegistry(), null);
        }
        Path folder = config.path(Settings.DATA_DIR).resolve("postgres");
        if (backup && !Files.isRegularFile(folder.resolve("PG_VERSION"))) {
            throw new BackupException("there is no database in " + folder + " to back up");
        }
        EmbeddedDatabase.runningServer(folder).ifPresent(pid -> {
            throw new BackupException("the embedded database in " + folder + " is in use (PostgreSQL process " + pid
                    + "); stop the Matricula server first");
        });
        // Port 0: a free port, so this never collides with anything configured for the server.
        EmbeddedDatabase embedded = EmbeddedDatabase.start(folder, 0);
        return Database.connect(embedded.jdbcUrl(), "postgres", embedded.password(), 4, new SimpleMeterRegistry(), embedded);
    }
}
