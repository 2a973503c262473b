package org.matricula.platform.config;

import java.util.function.Function;

/**
 * One known configuration key: its default, what values it allows, and how to read them.
 *
 * @param <T> the typed value
 */
public record Setting<T>(String key, String defaultValue, String allowed, Function<String, T> parser) {

    T parse(String raw) {
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new ConfigException("Invalid value '" + raw + "' for " + key + ": expected " + allowed);
        }
    }

    /** The environment variable that overrides this key: {@code http.port} is {@code MATRICULA_HTTP_PORT}. */
    public static String environmentName(String key) {
        return "MATRICULA_" + key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
