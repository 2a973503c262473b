package org.matricula.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * A mail campaign to about 100,000 consenting persons (by default) of a dynamic segment: how long
 * queueing them takes, the rate they are handed to the outbox at against the configured one, how
 * long until every mail is in the mail log (no SMTP server: mails are kept there), and that each
 * recipient is in it exactly once.
 */
final class CampaignsBench {

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final Results results;
    private final int persons;
    private final int rate;

    CampaignsBench(Jdbi jdbi, PlatformHttp http, Session admin, Results results, int persons, int rate) {
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.results = results;
        this.persons = persons;
        this.rate = rate;
    }

    void run() throws Exception {
        SegmentsBench.insertPersons(jdbi, persons, "campaign", "bench-campaign-vip");
        long consenting = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM persons p WHERE tags @> ARRAY['campaign'] AND (SELECT c.granted FROM person_consents c
                WHERE c.person_id = p.id AND c.purpose = 'MARKETING' ORDER BY c.at DESC, c.id DESC LIMIT 1)""")
                .mapTo(Long.class).one());
        HttpClient client = HttpClient.newHttpClient();
        String segment = id(post(client, "/api/v1/crm/segments", "{\"name\":\"Campaign bench\",\"filter\":{\"tags\":"
                + "[\"campaign\"]}}", 201));
        String campaign = id(post(client, "/api/v1/crm/campaigns", "{\"name\":\"Bench\",\"segment\":\"" + segment
                + "\",\"subjectRu\":\"Новости, {{firstName}}\",\"bodyRu\":\"Здравствуйте, {{fullName}}!\","
                + "\"subjectEn\":\"News, {{firstName}}\",\"bodyEn\":\"Hello {{fullName}}!\",\"ratePerMinute\":\""
                + rate + "\"}", 201));
        long scheduled = System.nanoTime();
        post(client, "/api/v1/crm/campaigns/" + campaign + "/schedule", "", 200);
        long id = Long.parseLong(campaign);
        waitFor(() -> status(id).equals("SENDING") || status(id).equals("DONE"), 600);
        long queuedMs = Figures.millisSince(scheduled);
        long queued = count("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id", id);
        results.addFormatted("campaigns: %d recipients (of %d persons in the segment, %d with marketing consent)"
                + " queued %d ms after scheduling (the sender looks every 1 s)  [target <= 30 s: %s]", queued,
                persons, consenting, queuedMs, Figures.met(queuedMs <= 30_000 && queued == consenting));

        waitFor(() -> status(id).equals("DONE"), 3600);
        long handedMs = Figures.millisSince(scheduled);
        Map<String, Object> span = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) AS n, extract(epoch FROM max(handed_at) - min(handed_at)) AS seconds
                FROM campaign_recipients WHERE campaign_id = :id AND state = 'HANDED'""").bind("id", id).mapToMap().one());
        long handed = ((Number) span.get("n")).longValue();
        double seconds = ((Number) span.get("seconds")).doubleValue();
        double perMinute = seconds > 0 ? handed * 60 / seconds : 0;
        waitFor(() -> count("SELECT count(*) FROM mail_log m JOIN campaign_recipients r ON r.outbox_id = m.outbox_id"
                + " WHERE r.campaign_id = :id", id) >= handed, 3600);
        long loggedMs = Figures.millisSince(scheduled);
        long mails = count("SELECT count(*) FROM mail_log m JOIN campaign_recipients r ON r.outbox_id = m.outbox_id"
                + " WHERE r.campaign_id = :id", id);
        long distinct = count("SELECT count(DISTINCT m.recipient) FROM mail_log m JOIN campaign_recipients r"
                + " ON r.outbox_id = m.outbox_id WHERE r.campaign_id = :id", id);
        long outboxEntries = count("SELECT count(DISTINCT outbox_id) FROM campaign_recipients WHERE campaign_id = :id",
                id);
        results.addFormatted("campaigns: %d mails handed to the outbox over %.1f s = %.0f per minute (configured"
                + " %d per minute), all handed %d ms and all in the mail log %d ms after scheduling"
                + "  [target: at the configured rate, within %d%%: %s]", handed, seconds, perMinute, rate, handedMs,
                loggedMs, Math.round(RATE_TOLERANCE * 100), Figures.met(atRate(perMinute, rate)));
        results.addFormatted("campaigns: %d mails in the mail log to %d distinct addresses from %d outbox entries, for"
                + " %d recipients  [target: each recipient once: %s]", mails, distinct, outboxEntries, queued,
                Figures.met(mails == queued && distinct == queued && outboxEntries == queued));
    }

    /** How far the achieved rate may be from the configured one, either way, and still count as kept. */
    static final double RATE_TOLERANCE = 0.10;

    /** Whether mails went out at the configured rate: neither slower nor faster by more than the tolerance. */
    static boolean atRate(double perMinute, int configured) {
        return Math.abs(perMinute - configured) <= configured * RATE_TOLERANCE;
    }

    private String status(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM campaigns WHERE id = :id").bind("id", id)
                .mapTo(String.class).one());
    }

    private long count(String sql, long id) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(Long.class).one());
    }

    private String post(HttpClient client, String path, String json, int expected) throws Exception {
        HttpResponse<String> response = client.send(http.request(path, admin).header("Content-Type",
                "application/json").header("X-CSRF-Token", admin.csrf()).POST(json.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + path + ": " + response.body());
        }
        return response.body();
    }

    private static String id(String json) {
        return json.replaceFirst("^\\{\"id\":(\\d+).*$", "$1");
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the campaign did not get there in " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
