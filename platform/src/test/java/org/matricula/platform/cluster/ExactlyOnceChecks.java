package org.matricula.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Mails and plugin events after a crash: each took effect exactly once, and was handed over a
 * second time only if its outbox entry was claimed and unfinished when the node was killed.
 */
final class ExactlyOnceChecks {

    private record MailEntry(long id, String key) {
    }

    private final Jdbi jdbi;
    private final OutboxAtKill atKill;

    ExactlyOnceChecks(Jdbi jdbi, OutboxAtKill atKill) {
        this.jdbi = jdbi;
        this.atKill = atKill;
    }

    /** Returns the figures: mails received, distinct and resent. */
    String mails(ReceivedMails mails) {
        assertEquals(List.of(), mails.unnumbered(), "mails about no declaration");
        Map<String, MailEntry> entries = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery(CrashChecks.EFFECTS
                + "SELECT number, id, idempotency_key FROM effects WHERE kind = 'mail'").map((rs, ctx) -> entries.put(
                        rs.getString("number"), new MailEntry(rs.getLong("id"), rs.getString("idempotency_key"))))
                .list());
        assertEquals(entries.keySet(), mails.messageIdsByNumber().keySet(), "declarations with a received mail");
        entries.forEach((number, entry) -> {
            List<String> received = mails.messageIds(number);
            assertEquals(Set.of("<" + entry.key() + "@matricula>"), Set.copyOf(received),
                    "Message-IDs of the mails about " + number);
            boolean claimed = atKill.claimed(entry.id());
            assertTrue(received.size() <= (claimed ? 2 : 1), number + " mailed " + received.size()
                    + " times; its entry was " + (claimed ? "" : "not ") + "claimed at the kill");
        });
        assertEquals(entries.size(), mails.distinct(), "distinct mails, one per declaration");
        assertTrue(mails.raw() <= mails.distinct() + atKill.claimedMails().size(), "mails received");
        return mails.raw() + " mails received, " + mails.distinct() + " distinct by Message-ID for " + entries.size()
                + " declarations (" + (mails.raw() - mails.distinct()) + " sent again after the kill, at most "
                + atKill.claimedMails().size() + " could be)";
    }

    /** Returns the figures: events handed to the plugin and taken effect. */
    String events(String schema) {
        Map<String, Long> entries = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery(CrashChecks.EFFECTS + "SELECT event_id, id FROM effects WHERE kind = 'event'")
                .map((rs, ctx) -> entries.put(rs.getString("event_id"), rs.getLong("id"))).list());
        List<String> delivered = strings("SELECT event_id::text FROM " + schema + ".deliveries");
        assertEquals(entries.size(), delivered.size(), "plugin deliveries, one per declaration");
        assertEquals(entries.keySet(), Set.copyOf(delivered), "events that took effect in the plugin");
        assertEquals(List.of(), strings(CrashChecks.EFFECTS + "SELECT e.event_id FROM effects e LEFT JOIN " + schema
                + ".deliveries x ON x.event_id::text = e.event_id AND x.number = e.number "
                + "WHERE e.kind = 'event' AND x.event_id IS NULL"), "events delivered with their declaration's number");
        Map<String, Integer> calls = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT event_id::text AS event, count(*) AS n FROM " + schema
                + ".calls GROUP BY event_id").map((rs, ctx) -> calls.put(rs.getString("event"), rs.getInt("n"))).list());
        assertEquals(entries.keySet(), calls.keySet(), "events handed to the plugin");
        entries.forEach((event, id) -> {
            boolean claimed = atKill.claimed(id);
            assertTrue(calls.get(event) <= (claimed ? 2 : 1), "event " + event + " handed over " + calls.get(event)
                    + " times; its entry was " + (claimed ? "" : "not ") + "claimed at the kill");
        });
        int handedOver = calls.values().stream().mapToInt(Integer::intValue).sum();
        return handedOver + " events handed to the plugin, " + delivered.size() + " took effect ("
                + (handedOver - delivered.size()) + " handed over again after the kill, at most "
                + atKill.claimedEvents().size() + " could be)";
    }

    private List<String> strings(String query) {
        return jdbi.withHandle(h -> h.createQuery(query).mapTo(String.class).list());
    }
}
