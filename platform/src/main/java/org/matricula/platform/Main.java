package org.matricula.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.matricula.platform.backup.BackupCommand;
import org.matricula.platform.config.ConfigException;
import org.matricula.platform.config.ConfigLoader;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.i18n.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Command line entry: {@code matricula [--config FILE] [--demo] [--key=value ...]} starts the
 * server; {@code matricula backup FILE} and {@code matricula restore FILE [--force]} work on its
 * database.
 */
public final class Main {

    static final String USAGE = """
            Usage: matricula [--config FILE] [--demo] [--key=value ...]
                   matricula backup FILE [--config FILE] [--key=value ...]
                   matricula restore FILE [--force] [--config FILE] [--key=value ...]

            Starts the Matricula server. With no db.url configured it runs its own PostgreSQL
            with data under data.dir.

            backup FILE writes the whole database (plugin schemas and uploaded documents
            included) to FILE while the server keeps serving. restore FILE puts it back into an
            empty database; --force replaces whatever the database holds. Restore needs the
            backed-up plugins' JARs in plugins.dir. With the embedded database, stop the server
            before either: the command starts the database from data.dir itself.

              --config FILE    configuration file (default: config/matricula.properties
                               in the installation folder, when present)
              --key=value      override any configuration key, e.g. --http.port=9090
              --demo           on an empty installation, add sample projects, programs,
                               applicants and an admin account (its password is printed once)
              --force          restore over a database that already holds data
              --help           show this help

            Every key can also be set by an environment variable: http.port is MATRICULA_HTTP_PORT.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        // Jersey and HK2 log through java.util.logging: one format and one configuration (Logback) for all.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // Not a configuration key, so it is taken out before the configuration reads the rest.
        List<String> arguments = new ArrayList<>(List.of(args));
        boolean demo = arguments.removeIf("--demo"::equals);
        boolean force = arguments.removeIf("--force"::equals);
        List<String> rest = new ArrayList<>();
        Map<String, String> overrides = ConfigLoader.arguments(arguments.toArray(String[]::new), rest);
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Path home = Path.of(System.getProperty("matricula.home", ".")).toAbsolutePath().normalize();
        Configuration config;
        Optional<BackupCommand> command;
        try {
            command = BackupCommand.take(rest, force);
            if (command.isPresent() && demo) {
                throw new ConfigException("--demo only goes with starting the server");
            }
            config = ConfigLoader.load(configFile(home, overrides, rest), System.getenv(), overrides, home);
            installationBundles(home.resolve("i18n"));
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (command.isPresent()) {
            System.exit(command.get().run(config, System.out, System.err));
            return;
        }
        run(config, demo);
    }

    /** The installation's own message bundles: further languages, or texts worded its own way. */
    private static void installationBundles(Path folder) {
        try {
            List<String> languages = Messages.addFolder(folder);
            if (!languages.isEmpty()) {
                LoggerFactory.getLogger(Main.class).info("Message bundles from {}: {}", folder, languages);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + folder + ": " + e.getMessage());
        }
    }

    private static Path configFile(Path home, Map<String, String> overrides, List<String> rest) {
        String explicit = overrides.remove("config");
        int flag = rest.indexOf("--config");
        if (flag >= 0) {
            if (flag + 1 >= rest.size()) {
                throw new ConfigException("--config needs a file path");
            }
            explicit = rest.remove(flag + 1);
            rest.remove(flag);
        }
        if (!rest.isEmpty()) {
            throw new ConfigException("Unknown argument '" + rest.get(0) + "'. Run with --help for usage");
        }
        if (explicit != null) {
            return home.resolve(explicit);
        }
        Path bundled = home.resolve("config/matricula.properties");
        return Files.isRegularFile(bundled) ? bundled : null;
    }

    private static void run(Configuration config, boolean demo) {
        Logger log = LoggerFactory.getLogger(Main.class);
        Platform platform;
        try {
            platform = Platform.start(config, demo);
        } catch (RuntimeException e) {
            log.error("Matricula could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
