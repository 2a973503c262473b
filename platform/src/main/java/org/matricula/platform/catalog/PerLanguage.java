package org.matricula.platform.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names and descriptions per language as the {@code name_i18n} and {@code description_i18n}
 * jsonb columns hold them: an object keyed by language tag.
 */
public final class PerLanguage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() { };

    private PerLanguage() {
    }

    /** The stored object, sorted by language; empty for a NULL column (a row read without it). */
    public static Map<String, String> read(String json) throws SQLException {
        if (json == null) {
            return Map.of();
        }
        try {
            return new TreeMap<>(JSON.readValue(json, TEXTS));
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored per-language texts are not a JSON object of strings", e);
        }
    }

    static String json(Map<String, String> texts) {
        try {
            return JSON.writeValueAsString(texts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serialises", e);
        }
    }
}
