package org.matricula.platform.plugins;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Which plugins an admin disabled, kept in {@code plugin_registry} so it survives restarts. */
final class PluginRegistry {

    private final Jdbi jdbi;

    PluginRegistry(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    boolean isEnabled(String pluginId) {
        Optional<Boolean> enabled = jdbi.withHandle(h -> h.createQuery(
                "SELECT enabled FROM plugin_registry WHERE plugin_id = :id").bind("id", pluginId)
                .mapTo(Boolean.class).findOne());
        return enabled.orElse(true);
    }

    void record(String pluginId, boolean enabled, String version, String checksum) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO plugin_registry (plugin_id, enabled, version, checksum) VALUES (:id, :enabled, :version, :checksum)
                ON CONFLICT (plugin_id) DO UPDATE SET enabled = EXCLUDED.enabled, version = EXCLUDED.version,
                    checksum = EXCLUDED.checksum, updated_at = now()""")
                .bind("id", pluginId).bind("enabled", enabled).bind("version", version).bind("checksum", checksum)
                .execute());
    }
}
