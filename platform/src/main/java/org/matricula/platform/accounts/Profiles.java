package org.matricula.platform.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** The applicant's profile: shared-block data typed once and used to prefill every declaration. */
public final class Profiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() { };

    private final Jdbi jdbi;

    public Profiles(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Map<String, String> of(UUID accountId) {
        String json = jdbi.withHandle(handle -> handle.createQuery("SELECT profile::text FROM accounts WHERE id = :id")
                .bind("id", accountId).mapTo(String.class).findOne().orElse("{}"));
        try {
            return JSON.readValue(json, VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored profile is not a JSON object", e);
        }
    }

    /** Saves these fields into the profile; a blank value clears the field, other fields stay. */
    public void save(UUID accountId, Map<String, String> values, Set<String> profileFields) {
        Map<String, String> kept = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (profileFields.contains(name)) {
                kept.put(name, value == null ? "" : value.strip());
            }
        });
        String cleared = String.join(",", kept.entrySet().stream().filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList());
        kept.values().removeIf(String::isEmpty);
        try {
            String json = JSON.writeValueAsString(kept);
            jdbi.useHandle(handle -> handle.createUpdate("""
                    UPDATE accounts SET profile = (profile - string_to_array(:cleared, ',')) || CAST(:json AS jsonb)
                    WHERE id = :id""")
                    .bind("cleared", cleared).bind("json", json).bind("id", accountId).execute());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Profile values are strings and always serialise", e);
        }
    }
}
