package org.matricula.platform.crm.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.funnel.Touches;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;

/**
 * Page views of websites, by the browser's visitor id, and their link to a person: when that
 * browser sends a lead or signs up, its earlier visits join the person's timeline, and the first
 * of them becomes the person's first touch where none is known.
 */
public final class Visits {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final Timeline timeline;

    public Visits(Jdbi jdbi, Timeline timeline) {
        this.jdbi = jdbi;
        this.timeline = timeline;
    }

    /** One page view as the beacon reports it. */
    public record Visit(UUID visitor, String url, String referrer, Map<String, String> utm, Instant at) {

        /** The channel the visit came by, as a lead's touch reads it. */
        String channel() {
            return new Touches.Touch(null, null, null, utm, referrer, at).channelOrGuess();
        }
    }

    public void record(Visit visit) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO site_visits (visitor, url, referrer, utm, channel, at)
                VALUES (:visitor, :url, :referrer, CAST(:utm AS jsonb), :channel, :at)""")
                .bind("visitor", visit.visitor()).bind("url", visit.url()).bind("referrer", visit.referrer())
                .bind("utm", json(visit.utm())).bind("channel", visit.channel()).bind("at", visit.at())
                .execute());
    }

    /** Links the browser's unlinked visits to the person, in the caller's transaction; how many. */
    public int link(Handle handle, UUID visitor, UUID personId) {
        List<Map<String, Object>> linked = handle.createQuery("""
                UPDATE site_visits SET person_id = :person WHERE visitor = :visitor AND person_id IS NULL
                RETURNING id, url, referrer, utm::text AS utm, channel, at""")
                .bind("person", personId).bind("visitor", visitor).mapToMap().list();
        for (Map<String, Object> visit : linked) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("url", visit.get("url"));
            details.put("channel", visit.get("channel"));
            if (!String.valueOf(visit.get("referrer")).isEmpty()) {
                details.put("referrer", visit.get("referrer"));
            }
            Map<String, String> utm = utm(String.valueOf(visit.get("utm")));
            if (!utm.isEmpty()) {
                details.put("utm", utm);
            }
            timeline.append(handle, Entry.of(personId, Kind.VISIT, ((java.sql.Timestamp) visit.get("at")).toInstant(),
                    String.valueOf(visit.get("url")), details, null, "visit:" + visit.get("id")));
        }
        return linked.size();
    }

    /** Links in a transaction of its own. */
    public int link(UUID visitor, UUID personId) {
        return jdbi.inTransaction(handle -> link(handle, visitor, personId));
    }

    private static String json(Map<String, String> utm) {
        try {
            return JSON.writeValueAsString(utm);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> utm(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored UTM parameters are a JSON object", e);
        }
    }
}
