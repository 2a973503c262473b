package org.matricula.platform.lists;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Each admin's saved view of each list: the list parameters (columns, sort, filters, search)
 * kept as JSON, so a list opened without parameters looks as the admin left it.
 */
public final class SavedViews {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, List<String>>> PARAMETERS = new TypeReference<>() { };

    private final Jdbi jdbi;

    public SavedViews(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void save(UUID accountId, String listName, Map<String, List<String>> parameters) {
        String settings = write(parameters);
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO list_views (account_id, list_name, settings) VALUES (:account, :list, CAST(:settings AS jsonb))
                ON CONFLICT (account_id, list_name) DO UPDATE SET settings = EXCLUDED.settings""")
                .bind("account", accountId).bind("list", listName).bind("settings", settings).execute());
    }

    public Optional<Map<String, List<String>>> load(UUID accountId, String listName) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT settings::text FROM list_views WHERE account_id = :account AND list_name = :list")
                .bind("account", accountId).bind("list", listName).mapTo(String.class).findOne())
                .map(SavedViews::read);
    }

    private static String write(Map<String, List<String>> parameters) {
        try {
            return JSON.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Lists of strings always serialise", e);
        }
    }

    private static Map<String, List<String>> read(String settings) {
        try {
            return JSON.readValue(settings, PARAMETERS);
        } catch (JsonProcessingException e) {
            // A view saved by an older version that no longer reads is as good as none.
            return Map.of();
        }
    }
}
