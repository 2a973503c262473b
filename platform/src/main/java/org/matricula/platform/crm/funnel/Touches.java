package org.matricula.platform.crm.funnel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The first and the last touch of a person: the channel, source, campaign, UTM parameters and
 * referrer a visit or lead form came with. The first is kept for good; the last follows each touch.
 */
public final class Touches {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One touch; empty texts are left out. */
    public record Touch(String channel, String source, String campaign, Map<String, String> utm, String referrer,
            Instant at) {

        /** The channel when none was given: the UTM medium, else "referral" with a referrer, else "direct". */
        public String channelOrGuess() {
            if (channel != null && !channel.isBlank()) {
                return channel.strip();
            }
            String medium = utm.getOrDefault("utm_medium", "");
            if (!medium.isBlank()) {
                return medium.strip();
            }
            return referrer != null && !referrer.isBlank() ? "referral" : "direct";
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("channel", channelOrGuess());
            put(json, "source", source == null || source.isBlank() ? utm.get("utm_source") : source);
            put(json, "campaign", campaign == null || campaign.isBlank() ? utm.get("utm_campaign") : campaign);
            if (!utm.isEmpty()) {
                json.put("utm", utm);
            }
            put(json, "referrer", referrer);
            json.put("at", at.toString());
            return json;
        }

        private static void put(Map<String, Object> json, String key, String value) {
            if (value != null && !value.isBlank()) {
                json.put(key, value.strip());
            }
        }
    }

    /** A touch as kept in {@code persons.first_touch} and {@code last_touch}. */
    public static String json(Touch touch) {
        try {
            return JSON.writeValueAsString(touch.json());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Records a touch in the caller's transaction. */
    public void touch(Handle handle, UUID personId, Touch touch) {
        String json = json(touch);
        handle.createUpdate("""
                UPDATE persons SET first_touch = coalesce(first_touch, CAST(:touch AS jsonb)),
                                   last_touch = CAST(:touch AS jsonb)
                WHERE id = :id""").bind("touch", json).bind("id", personId).execute();
    }
}
