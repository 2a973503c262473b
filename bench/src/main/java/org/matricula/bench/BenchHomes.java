package org.matricula.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.matricula.platform.db.EmbeddedDatabase;

/**
 * Installation folders under the build's target folder, each with its own embedded database and a
 * copy of the bundled plugin JARs; made afresh for every run so that each start does initdb.
 */
final class BenchHomes {

    private final Path target;

    BenchHomes(Path target) {
        this.target = target;
    }

    /** The settings of a bench installation: its own embedded database and plugins folder under home. */
    static Map<String, String> settings(Path home) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("data.dir", home.resolve("data").toString(),
                "plugins.dir", home.resolve("plugins").toString(), "http.host", "127.0.0.1", "http.port", "0",
                "plugins.scan-interval", "1s"));
        // platform settings to try (bench.settings=http.threads=8,db.pool-size=8)
        for (String setting : System.getProperty("bench.settings", "").split(",")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                settings.put(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
            }
        }
        return settings;
    }

    /** Where the embedded PostgreSQL of an installation keeps its data (and its postmaster.pid). */
    static Path postgresData(Path home) {
        return home.resolve("data").resolve("postgres");
    }

    /** Where the build copied the bundled plugin JARs. */
    Path bundledPlugins() {
        return target.resolve("plugins");
    }

    /**
     * Deleting the folder of another benchmark's running PostgreSQL would spoil that run halfway (its
     * tables' files gone) before this run found the database in use; a second run is refused first.
     */
    private static void refuseWhileInUse(Path home) {
        EmbeddedDatabase.runningServer(postgresData(home)).ifPresent(pid -> {
            throw new IllegalStateException("Another benchmark is running on " + home + " (PostgreSQL process "
                    + pid + "); wait for it to end or stop it");
        });
    }

    /** An empty home of that name, with the bundled plugins in its plugins folder. */
    Path fresh(String name) throws IOException {
        Path home = target.resolve(name);
        refuseWhileInUse(home);
        if (Files.exists(home)) {
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> jars = Files.list(bundledPlugins())) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, home.resolve("plugins").resolve(jar.getFileName()));
            }
        }
        return home;
    }
}
