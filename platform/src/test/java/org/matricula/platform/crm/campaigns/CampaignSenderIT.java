package org.matricula.platform.crm.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.crm.segments.SegmentFilter;
import org.matricula.platform.crm.segments.Segments;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.testing.PlatformExtension;

/**
 * The sender's budget is the time elapsed since the last hand-off, not a fixed batch per tick: a
 * tick that comes 2.5 s after the last one at 60,000 a minute hands out 2,500 mails (in batches of
 * {@link CampaignSender#BATCH}, each batch's outbox entries written by one statement), one outbox
 * entry per recipient to the recipient's address, and nothing more until time has passed again.
 * The platform's own sender looks only once an hour here, so the test's senders alone hand out.
 */
class CampaignSenderIT {

    static final int PERSONS = 2_500;

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of("outbox.poll-interval", "1h"));

    @Test
    void aLateTickHandsOutWhatTheElapsedTimeAllowsEachRecipientOnce() {
        Jdbi jdbi = server.platform().database().jdbi();
        String tag = "sender-" + UUID.randomUUID().toString().substring(0, 8);
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO persons (first_name, full_name, tags, email)
                    SELECT 'Reader' || g, 'Reader ' || g, ARRAY[CAST(:tag AS text)], :tag || '-' || g || '@example.org'
                    FROM generate_series(1, :count) g""").bind("tag", tag).bind("count", PERSONS + 1).execute();
            h.createUpdate("""
                    INSERT INTO person_consents (person_id, purpose, granted, source, at)
                    SELECT id, 'MARKETING', true, 'test', now() - interval '1 day' FROM persons WHERE tags @> ARRAY[CAST(:tag AS text)]""")
                    .bind("tag", tag).execute();
        });
        Instant queuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Segments segments = new Segments(jdbi, Clock.fixed(queuedAt, ZoneOffset.UTC));
        long segment = segments.create("Readers", new SegmentFilter(null, null, null, null, null, List.of(tag), null,
                null, null, null, null, null, null, null, null), false, null, Locale.ENGLISH).id();
        Campaigns campaigns = new Campaigns(jdbi, segments, Clock.fixed(queuedAt, ZoneOffset.UTC));
        long campaign = campaigns.create(new Campaigns.Draft("Late tick", Long.toString(segment), "Новости, {{firstName}}",
                "Здравствуйте!", "News, {{firstName}}", "Hello!", null, "60000"), null, Locale.ENGLISH).id();
        campaigns.schedule(campaign, Locale.ENGLISH);
        assertEquals(true, sender(jdbi, segments, queuedAt).queueOne());
        assertEquals(PERSONS + 1, count(jdbi, "SELECT count(*) FROM campaign_recipients WHERE campaign_id = :c", campaign));
        // a recipient who withdrew after being queued is skipped in the batch that reaches them
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO person_consents (person_id, purpose, granted, source)
                SELECT person_id, 'MARKETING', false, 'test' FROM campaign_recipients WHERE campaign_id = :c
                ORDER BY person_id LIMIT 1""").bind("c", campaign).execute());

        Instant late = queuedAt.plus(Duration.ofMillis(2_500));
        assertEquals(PERSONS - 1, sender(jdbi, segments, late).handOut(campaign),
                "2.5 s at 1 ms a mail, the first of the 2,500 recipients skipped");
        assertEquals(0, sender(jdbi, segments, late).handOut(campaign), "the budget is spent");
        assertEquals(1, sender(jdbi, segments, late.plusMillis(1)).handOut(campaign));

        assertEquals(PERSONS, count(jdbi, "SELECT count(*) FROM campaign_recipients WHERE campaign_id = :c"
                + " AND state = 'HANDED'", campaign));
        assertEquals(1, count(jdbi, "SELECT count(*) FROM campaign_recipients WHERE campaign_id = :c"
                + " AND state = 'SKIPPED'", campaign));
        assertEquals(PERSONS, count(jdbi, "SELECT count(DISTINCT r.outbox_id) FROM campaign_recipients r JOIN outbox o"
                + " ON o.id = r.outbox_id AND o.payload ->> 'to' = r.email AND o.kind = 'mail'"
                + " WHERE r.campaign_id = :c AND r.token_hash IS NOT NULL", campaign),
                "each handed recipient has an outbox entry of their own, to their address");
        assertEquals(PERSONS, count(jdbi, "SELECT count(*) FROM outbox o WHERE o.payload -> 'headers'"
                + " ->> 'X-Matricula-Campaign' = CAST(:c AS text)", campaign), "and no other entry");
    }

    private static CampaignSender sender(Jdbi jdbi, Segments segments, Instant now) {
        return new CampaignSender(jdbi, segments, new Outbox(jdbi, JsonMapper.create()), "http://school.example",
                "news@school.example", Clock.fixed(now, ZoneOffset.UTC));
    }

    private static long count(Jdbi jdbi, String sql, long campaign) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("c", campaign).mapTo(Long.class).one());
    }
}
