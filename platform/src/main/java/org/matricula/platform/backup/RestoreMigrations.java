package org.matricula.platform.backup;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.matricula.platform.db.Database;
import org.matricula.platform.plugins.PluginMigrations;

/**
 * Recreates the backed-up schemas by running their own migrations up to the versions in the
 * manifest: the platform's, and each plugin's from its JAR in the plugins folder. Migrations
 * are what defines the tables, so the backup need not carry DDL, and a database restored from an
 * older backup is brought up to date by the next server start as usual.
 */
final class RestoreMigrations implements AutoCloseable {

    private final Database database;
    private final BackupManifest manifest;
    private final Map<String, URLClassLoader> plugins = new LinkedHashMap<>();

    RestoreMigrations(Database database, Path pluginsDir, BackupManifest manifest) {
        this.database = database;
        this.manifest = manifest;
        for (BackupManifest.SchemaEntry schema : manifest.schemas()) {
            if (!schema.name().equals("public") && schema.migratedTo() != null) {
                plugins.put(schema.name(), loader(pluginsDir, schema.name()));
            }
        }
    }

    /** Fails, before anything is changed, unless every schema's migrations reach the backed-up version. */
    void check() {
        for (BackupManifest.SchemaEntry schema : manifest.schemas()) {
            if (schema.migratedTo() == null) {
                if (!schema.tables().isEmpty()) {
                    throw new BackupException("schema " + schema.name() + " has tables but no migration history;"
                            + " it cannot be recreated");
                }
                continue;
            }
            MigrationVersion target = MigrationVersion.fromVersion(schema.migratedTo());
            boolean known = Arrays.stream(configuration(schema.name()).load().info().all())
                    .anyMatch(info -> target.equals(info.getVersion()) && info.getState().isResolved());
            if (!known) {
                throw new BackupException("the backup's schema " + schema.name() + " is at migration version " + target
                        + ", which " + (schema.name().equals("public") ? "this version of Matricula"
                        : "the plugin's JAR") + " does not have");
            }
        }
    }

    void run() {
        for (BackupManifest.SchemaEntry schema : manifest.schemas()) {
            if (schema.migratedTo() != null) {
                configuration(schema.name()).target(MigrationVersion.fromVersion(schema.migratedTo())).load().migrate();
            }
        }
    }

    private FluentConfiguration configuration(String schema) {
        return schema.equals("public") ? database.migrations()
                : PluginMigrations.configure(database.dataSource(), schema, plugins.get(schema));
    }

    private static URLClassLoader loader(Path pluginsDir, String pluginId) {
        try (Stream<Path> files = Files.isDirectory(pluginsDir) ? Files.list(pluginsDir) : Stream.empty()) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().endsWith(".jar") && pluginId.equals(pluginIdOf(file))) {
                    return new URLClassLoader(new java.net.URL[] {file.toUri().toURL()},
                            RestoreMigrations.class.getClassLoader());
                }
            }
        } catch (IOException e) {
            throw new BackupException("cannot read the plugins folder " + pluginsDir + ": " + e.getMessage(), e);
        }
        throw new BackupException("the backup holds the data of plugin '" + pluginId + "', but " + pluginsDir
                + " has no JAR of that plugin to recreate its tables with; put it there and run the restore again");
    }

    private static String pluginIdOf(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Plugin-Id");
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        for (URLClassLoader loader : plugins.values()) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // only open JAR handles are at stake
            }
        }
    }
}
