package org.matricula.platform.plugins;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Which plugins an admin disabled, and which extension points each plugin's last started version
 * offered, kept in {@code plugin_registry} so they survive restarts.
 */
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

    /** What the plugin's version just started offers: the extension points its extensions implement. */
    void recordOffers(String pluginId, Collection<String> extensionPoints) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO plugin_registry (plugin_id, offers) VALUES (:id, :offers)
                ON CONFLICT (plugin_id) DO UPDATE SET offers = EXCLUDED.offers, updated_at = now()""")
                .bind("id", pluginId).bindArray("offers", String.class, List.copyOf(extensionPoints)).execute());
    }

    /**
     * The plugins whose last started version offered this extension point, by id, each with
     * whether its schema (named after it) is still in the database.
     */
    Map<String, Boolean> offering(String extensionPoint) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT r.plugin_id, EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = r.plugin_id) AS kept
                FROM plugin_registry r WHERE :point = ANY (r.offers) ORDER BY r.plugin_id""")
                .bind("point", extensionPoint)
                .reduceRows(new LinkedHashMap<String, Boolean>(), (found, row) -> {
                    found.put(row.getColumn("plugin_id", String.class), row.getColumn("kept", Boolean.class));
                    return found;
                }));
    }
}
