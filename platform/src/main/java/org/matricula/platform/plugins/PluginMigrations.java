package org.matricula.platform.plugins;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Runs a plugin's own Flyway migrations ({@code db/migration/<plugin id>/} in its JAR) in the
 * schema named after the plugin, with the history table inside that schema, so each plugin's
 * migrations are tracked apart and run once.
 */
final class PluginMigrations {

    private final DataSource dataSource;

    PluginMigrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Migrates when the plugin carries migrations; returns how many ran. */
    int migrate(String pluginId, ClassLoader pluginClassLoader) {
        String location = "db/migration/" + pluginId;
        if (pluginClassLoader.getResource(location) == null) {
            return 0;
        }
        return Flyway.configure(pluginClassLoader)
                .dataSource(dataSource)
                .schemas(pluginId)
                .createSchemas(true)
                .locations("classpath:" + location)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
