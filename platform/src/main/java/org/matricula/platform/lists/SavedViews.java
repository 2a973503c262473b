package org.matricula.platform.lists;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Each admin's saved views of each list, several per list under a name each: the list parameters
 * (columns, sort, filters, search) kept as JSON. One of them may be the default, which a list
 * opened without parameters shows. The unnamed view (name {@code ""}) is the one saved without
 * giving a name.
 */
public final class SavedViews {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, List<String>>> PARAMETERS = new TypeReference<>() { };

    private final Jdbi jdbi;

    /** A saved view as listed for its admin. */
    public record View(String name, boolean isDefault) {
    }

    public SavedViews(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Saves the unnamed view and makes it the default, as a single saved view always was. */
    public void save(UUID accountId, String listName, Map<String, List<String>> parameters) {
        save(accountId, listName, "", parameters, true);
    }

    /**
     * Saves (or replaces) the named view. It becomes the default when asked, or when the admin has
     * no default view of the list yet.
     */
    public void save(UUID accountId, String listName, String viewName, Map<String, List<String>> parameters,
            boolean makeDefault) {
        String settings = write(parameters);
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                    INSERT INTO list_views (account_id, list_name, view_name, settings)
                    VALUES (:account, :list, :view, CAST(:settings AS jsonb))
                    ON CONFLICT (account_id, list_name, view_name) DO UPDATE SET settings = EXCLUDED.settings""")
                    .bind("account", accountId).bind("list", listName).bind("view", viewName)
                    .bind("settings", settings).execute();
            boolean anyDefault = handle.createQuery(
                    "SELECT EXISTS (SELECT 1 FROM list_views WHERE account_id = :account AND list_name = :list AND is_default)")
                    .bind("account", accountId).bind("list", listName).mapTo(Boolean.class).one();
            if (makeDefault || !anyDefault) {
                setDefault(handle, accountId, listName, viewName);
            }
        });
    }

    /** The default view's parameters, if the admin has one. */
    public Optional<Map<String, List<String>>> load(UUID accountId, String listName) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT settings::text FROM list_views WHERE account_id = :account AND list_name = :list
                ORDER BY is_default DESC, view_name LIMIT 1""")
                .bind("account", accountId).bind("list", listName).mapTo(String.class).findOne())
                .map(SavedViews::read);
    }

    /** The named view's parameters, if the admin has one of that name. */
    public Optional<Map<String, List<String>>> load(UUID accountId, String listName, String viewName) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT settings::text FROM list_views
                WHERE account_id = :account AND list_name = :list AND view_name = :view""")
                .bind("account", accountId).bind("list", listName).bind("view", viewName)
                .mapTo(String.class).findOne())
                .map(SavedViews::read);
    }

    /** The admin's views of the list, by name. */
    public List<View> views(UUID accountId, String listName) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT view_name, is_default FROM list_views WHERE account_id = :account AND list_name = :list
                ORDER BY view_name""")
                .bind("account", accountId).bind("list", listName)
                .map((rs, ctx) -> new View(rs.getString("view_name"), rs.getBoolean("is_default"))).list());
    }

    /** Makes the named view the default; false when there is no such view. */
    public boolean makeDefault(UUID accountId, String listName, String viewName) {
        return jdbi.inTransaction(handle -> {
            boolean exists = handle.createQuery("""
                    SELECT EXISTS (SELECT 1 FROM list_views
                                   WHERE account_id = :account AND list_name = :list AND view_name = :view)""")
                    .bind("account", accountId).bind("list", listName).bind("view", viewName)
                    .mapTo(Boolean.class).one();
            if (exists) {
                setDefault(handle, accountId, listName, viewName);
            }
            return exists;
        });
    }

    /** Deletes the named view; false when there was none. The list then opens with its defaults or another view. */
    public boolean delete(UUID accountId, String listName, String viewName) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                "DELETE FROM list_views WHERE account_id = :account AND list_name = :list AND view_name = :view")
                .bind("account", accountId).bind("list", listName).bind("view", viewName).execute()) > 0;
    }

    private static void setDefault(Handle handle, UUID accountId, String listName, String viewName) {
        handle.createUpdate("""
                UPDATE list_views SET is_default = false
                WHERE account_id = :account AND list_name = :list AND is_default AND view_name <> :view""")
                .bind("account", accountId).bind("list", listName).bind("view", viewName).execute();
        handle.createUpdate("""
                UPDATE list_views SET is_default = true
                WHERE account_id = :account AND list_name = :list AND view_name = :view""")
                .bind("account", accountId).bind("list", listName).bind("view", viewName).execute();
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
