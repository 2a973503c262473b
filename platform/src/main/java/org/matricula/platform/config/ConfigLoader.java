package org.matricula.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the configuration in three layers, each overriding the one before: the properties file,
 * environment variables ({@code MATRICULA_HTTP_PORT} for {@code http.port}) and
 * {@code --key=value} arguments. Unknown keys and invalid values stop the start.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static Configuration load(Path file, Map<String, String> environment, Map<String, String> arguments,
            Path home) {
        Map<String, String> values = new TreeMap<>(readFile(file));
        for (Setting<?> setting : Settings.ALL) {
            putIfPresent(values, setting.key(), environment.get(Setting.environmentName(setting.key())));
        }
        for (String key : Map.copyOf(values).keySet()) {
            putIfPresent(values, key, environment.get(Setting.environmentName(key)));
        }
        values.putAll(arguments);
        return validated(values, home);
    }

    static Configuration validated(Map<String, String> values, Path home) {
        Map<String, Setting<?>> known = Settings.ALL.stream()
                .collect(Collectors.toMap(Setting::key, setting -> setting));
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Setting<?> setting = known.get(entry.getKey());
            if (setting != null) {
                setting.parse(entry.getValue());
            } else if (!isPluginKey(entry.getKey())) {
                throw new ConfigException("Unknown configuration key '" + entry.getKey() + "'. Known keys: "
                        + String.join(", ", known.keySet().stream().sorted().toList())
                        + ", and plugin.<plugin id>.<key> for plugin sections");
            }
        }
        String token = values.getOrDefault(Settings.ADMIN_TOKEN.key(), "");
        if (!token.isEmpty() && token.length() < 16) {
            throw new ConfigException("Invalid value for admin.token: expected " + Settings.ADMIN_TOKEN.allowed());
        }
        return new Configuration(values, home);
    }

    private static boolean isPluginKey(String key) {
        return key.startsWith(Settings.PLUGIN_SECTION_PREFIX)
                && key.indexOf('.', Settings.PLUGIN_SECTION_PREFIX.length()) > Settings.PLUGIN_SECTION_PREFIX.length();
    }

    private static void putIfPresent(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    private static Map<String, String> readFile(Path file) {
        if (file == null) {
            return Map.of();
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Configuration file not found: " + file);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    /**
     * Splits {@code --key=value} arguments off the command line; other arguments are returned to
     * the caller through {@code rest}.
     */
    public static Map<String, String> arguments(String[] args, java.util.List<String> rest) {
        Map<String, String> values = new TreeMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else {
                rest.add(arg);
            }
        }
        return values;
    }
}
