package org.matricula.platform.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved configuration: every known key has a valid value, paths are absolute (relative
 * ones resolve against the installation folder), and plugin sections are kept apart.
 */
public final class Configuration {

    private final Map<String, String> values;
    private final Path home;

    Configuration(Map<String, String> values, Path home) {
        this.values = Map.copyOf(values);
        this.home = home;
    }

    public <T> T get(Setting<T> setting) {
        return setting.parse(values.getOrDefault(setting.key(), setting.defaultValue()));
    }

    /** A folder or file setting, resolved against the installation folder. */
    public Path path(Setting<Path> setting) {
        return home.resolve(get(setting)).normalize();
    }

    public Path home() {
        return home;
    }

    /** The {@code plugin.<id>.*} keys for one plugin, without the prefix. */
    public Map<String, String> pluginSection(String pluginId) {
        String prefix = Settings.PLUGIN_SECTION_PREFIX + pluginId + ".";
        Map<String, String> section = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                section.put(key.substring(prefix.length()), value);
            }
        });
        return section;
    }

    /** A copy with some keys replaced, validated like the original. */
    public Configuration with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        return ConfigLoader.validated(merged, home);
    }
}
