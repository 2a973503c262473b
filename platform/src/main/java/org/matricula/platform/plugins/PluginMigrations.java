package org.matricula.platform.plugins;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Runs a plugin's own Flyway migrations ({@code db/migration/<plugin id>/} in its JAR) in the
 * schema named after the plugin, with the history table inside that schema, so each plugin's
 * migrations are tracked apart and run once.
 */
public final class PluginMigrations {

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
        return configure(dataSource, pluginId, pluginClassLoader).load().migrate().migrationsExecuted;
    }

    /** Where a plugin's migrations are and where they apply; restoring a backup migrates with a target. */
    public static FluentConfiguration configure(DataSource dataSource, String pluginId, ClassLoader pluginClassLoader) {
        return Flyway.configure(pluginClassLoader)
                .dataSource(dataSource)
                .schemas(pluginId)
                .createSchemas(true)
                .locations("classpath:db/migration/" + pluginId);
    }
}
