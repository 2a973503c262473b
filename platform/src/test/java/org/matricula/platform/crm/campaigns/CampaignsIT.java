package org.matricula.platform.crm.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.testing.TestSessions;

/**
 * A campaign sent by two nodes on one database, one of them restarted in the middle of the send,
 * through GreenMail: each consenting member gets the mail exactly once, at the campaign's rate,
 * with RFC 8058 one-click unsubscribe headers; nobody else gets it; the link's GET only asks, its
 * POST without signing in withdraws the consent; the mails reach the persons' timelines.
 */
class CampaignsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int CONSENTING = 12;
    static final int RATE = 60; // one a second

    static GreenMail smtp;
    static Map<String, String> settings;
    static RunningPlatform nodeA;
    static RunningPlatform nodeB;
    static Jdbi jdbi;
    static TestSessions.Session admin;
    static final String TAG = "camp-" + UUID.randomUUID().toString().substring(0, 8);
    static final List<String> consenting = new ArrayList<>();
    static final List<String> others = new ArrayList<>();

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        settings = new HashMap<>(Map.of("db.url", TestPostgres.newDatabase(), "mail.smtp.host", "127.0.0.1",
                "mail.smtp.port", Integer.toString(smtp.getSmtp().getPort()), "outbox.poll-interval", "100ms",
                "crm.feed-interval", "300ms", "mail.from", "news@school.example"));
        // an entry the closed node had claimed is taken over when its lease runs out
        settings.put("outbox.lease", "15s");
        nodeA = RunningPlatform.start(settings);
        nodeB = RunningPlatform.start(settings);
        jdbi = nodeA.platform().database().jdbi();
        admin = TestSessions.admin(nodeA);
        for (int i = 0; i < CONSENTING; i++) {
            consenting.add(person("Reader" + i, true));
        }
        others.add(person("Never asked", null));
        others.add(person("Withdrawn", false));
    }

    @AfterAll
    static void stop() {
        for (RunningPlatform node : new RunningPlatform[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
        smtp.stop();
    }

    @Test
    void eachConsentingMemberOnceAtTheRateAcrossTwoNodesAndARestart() throws Exception {
        long segment = JSON.readTree(nodeA.send(admin.json("/api/v1/crm/segments").POST(body(Map.of("name", "Readers",
                "filter", Map.of("tags", List.of(TAG)))))).body()).path("id").asLong();
        HttpResponse<String> bad = nodeA.send(admin.json("/api/v1/crm/campaigns").POST(body(Map.of("name", "",
                "segment", "999999", "subjectRu", "{{#open}}", "bodyRu", "", "subjectEn", "x", "bodyEn", "y",
                "sendAt", "tomorrow", "ratePerMinute", "0"))));
        assertEquals(422, bad.statusCode(), bad.body());
        for (String field : List.of("name", "segment", "subjectRu", "bodyRu", "sendAt", "ratePerMinute")) {
            assertTrue(bad.body().contains("\"" + field + "\""), field + " in " + bad.body());
        }
        HttpResponse<String> created = nodeA.send(admin.json("/api/v1/crm/campaigns").POST(body(Map.of(
                "name", "Autumn", "segment", Long.toString(segment),
                "subjectRu", "Осенний набор, {{firstName}}", "bodyRu", "Здравствуйте, {{fullName}}! <новости>",
                "subjectEn", "Autumn intake, {{firstName}}", "bodyEn", "Hello {{fullName}}!",
                "ratePerMinute", Integer.toString(RATE)))));
        assertEquals(201, created.statusCode(), created.body());
        long id = JSON.readTree(created.body()).path("id").asLong();

        JsonNode preview = JSON.readTree(nodeA.send(admin.json("/api/v1/crm/campaigns/" + id + "/preview?person="
                + consenting.get(0) + "&language=en")).body());
        assertEquals("Autumn intake, Reader0", preview.path("subject").asText(), preview.toString());
        assertTrue(preview.path("body").asText().startsWith("Hello Reader0!"), preview.toString());
        String page = nodeA.send(admin.request("/admin/campaigns/" + id + "?person=" + consenting.get(0))).body();
        assertTrue(page.contains("Осенний набор, Reader0"), "the preview on the screen, in the person's language");
        assertTrue(page.contains("&lt;новости&gt;"), "escaped in the page, as written in the mail");

        long started = System.nanoTime();
        assertEquals(200, nodeA.send(admin.json("/api/v1/crm/campaigns/" + id + "/schedule")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        await(() -> handed(id) >= 3, "the first mails handed", Duration.ofSeconds(60));
        nodeB.close(); // a node goes away in the middle of the send...
        nodeB = RunningPlatform.start(settings); // ...and comes back
        await(() -> smtp.getReceivedMessages().length >= CONSENTING, "every mail", Duration.ofSeconds(90));
        Thread.sleep(2000); // room for a duplicate to arrive

        MimeMessage[] received = smtp.getReceivedMessages();
        // The outbox may hand a mail over again after a crash, as the same message (same Message-ID).
        Map<String, java.util.Set<String>> perAddress = new HashMap<>();
        for (MimeMessage mail : received) {
            perAddress.computeIfAbsent(mail.getAllRecipients()[0].toString(), key -> new java.util.HashSet<>())
                    .add(mail.getMessageID());
            assertTrue(mail.getSubject().startsWith("Осенний набор, Reader"), mail.getSubject());
            String unsubscribe = mail.getHeader("List-Unsubscribe", null);
            assertNotNull(unsubscribe);
            assertTrue(unsubscribe.matches("<http://[^>]+/u/[A-Za-z0-9_-]{43}>, <mailto:news@school.example\\?.+>"),
                    unsubscribe);
            assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post", null));
            assertTrue(String.valueOf(mail.getContent()).contains("/u/"), "the link in the text too");
        }
        assertEquals(CONSENTING, perAddress.size(), "none to the others: " + perAddress.keySet());
        assertEquals(CONSENTING, (int) jdbi.withHandle(h -> h.createQuery("SELECT count(DISTINCT outbox_id)"
                + " FROM campaign_recipients WHERE campaign_id = :id").bind("id", id).mapTo(Integer.class).one()),
                "one outbox entry per recipient");
        for (String person : consenting) {
            assertEquals(1, perAddress.getOrDefault(email(person), java.util.Set.of()).size(),
                    "one message to " + email(person));
        }
        List<Long> times = jdbi.withHandle(h -> h.createQuery("SELECT (extract(epoch FROM handed_at) * 1000)::bigint"
                + " FROM campaign_recipients WHERE campaign_id = :id ORDER BY handed_at").bind("id", id)
                .mapTo(Long.class).list());
        long span = times.get(times.size() - 1) - times.get(0);
        assertTrue(span >= (CONSENTING - 2) * 60_000L / RATE, "handed at the rate, not at once: " + span + " ms");
        assertTrue(System.nanoTime() - started >= (CONSENTING - 1) * 60_000_000_000L / RATE);

        JsonNode campaign = await(() -> JSON.readTree(nodeA.send(admin.json("/api/v1/crm/campaigns/" + id)).body()),
                json -> json.path("figures").path("SENT").asInt() == CONSENTING && "DONE".equals(json.path("status")
                        .asText()), "the figures");
        assertEquals(0, campaign.path("figures").path("FAILED").asInt());

        // the unsubscribe link: a GET only asks, a POST without a session withdraws
        String link = received[0].getHeader("List-Unsubscribe", null).replaceFirst("^<([^>]+)>.*$", "$1");
        String path = URI.create(link).getPath();
        String person = personOf(received[0].getAllRecipients()[0].toString());
        HttpResponse<String> asked = nodeA.send(HttpRequest.newBuilder(nodeA.uri(path)));
        assertEquals(200, asked.statusCode(), asked.body());
        assertTrue(asked.body().contains("confirm-unsubscribe"));
        assertEquals(Boolean.TRUE, marketing(person), "a GET never unsubscribes");
        HttpResponse<String> oneClick = nodeB.send(HttpRequest.newBuilder(nodeB.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertEquals(303, oneClick.statusCode(), oneClick.body());
        assertEquals(Boolean.FALSE, marketing(person));
        assertTrue(jdbi.withHandle(h -> h.createQuery("SELECT source FROM person_consents WHERE person_id = CAST(:p AS uuid)"
                + " ORDER BY at DESC, id DESC LIMIT 1").bind("p", person).mapTo(String.class).one())
                .startsWith("unsubscribe"));
        assertTrue(nodeA.send(HttpRequest.newBuilder(nodeA.uri(path))).body().contains("id=\"unsubscribed\""));
        assertEquals(303, nodeA.send(HttpRequest.newBuilder(nodeA.uri(path)).POST(HttpRequest.BodyPublishers
                .noBody())).statusCode(), "twice is still fine");
        assertEquals(1, (int) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM person_consents WHERE person_id ="
                + " CAST(:p AS uuid) AND NOT granted").bind("p", person).mapTo(Integer.class).one()));
        assertEquals(404, nodeA.send(HttpRequest.newBuilder(nodeA.uri("/u/" + "A".repeat(43)))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        JsonNode recipients = JSON.readTree(nodeA.send(admin.json("/api/v1/crm/campaigns/" + id + "/recipients"))
                .body());
        assertEquals(1, recipients.path("figures").path("UNSUBSCRIBED").asInt(), recipients.toString());

        await(() -> jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM timeline_entries WHERE kind = 'MAIL'"
                + " AND person_id = CAST(:p AS uuid) AND summary LIKE 'Осенний набор%'").bind("p", consenting.get(1))
                .mapTo(Integer.class).one()) == 1, "the mail on the person's timeline", Duration.ofSeconds(30));
        assertFalse(nodeA.send(TestSessions.applicant(nodeA).request("/admin/campaigns")).statusCode() == 200);
    }

    private static int handed(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM campaign_recipients WHERE campaign_id = :id"
                + " AND state = 'HANDED'").bind("id", id).mapTo(Integer.class).one());
    }

    private static Boolean marketing(String person) {
        return jdbi.withHandle(h -> h.createQuery("SELECT granted FROM person_consents WHERE person_id = CAST(:p AS uuid)"
                + " AND purpose = 'MARKETING' ORDER BY at DESC, id DESC LIMIT 1").bind("p", person)
                .mapTo(Boolean.class).findOne().orElse(null));
    }

    private static String email(String person) {
        return jdbi.withHandle(h -> h.createQuery("SELECT email FROM persons WHERE id = CAST(:p AS uuid)")
                .bind("p", person).mapTo(String.class).one());
    }

    private static String personOf(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id::text FROM persons WHERE email = :e").bind("e", email)
                .mapTo(String.class).one());
    }

    static String person(String name, Boolean marketing) {
        String email = name.toLowerCase().replace(' ', '-') + "-" + UUID.randomUUID() + "@example.org";
        return jdbi.inTransaction(h -> {
            String id = h.createQuery("INSERT INTO persons (first_name, full_name, tags, email) VALUES (:name, :name,"
                    + " ARRAY[:tag], :email) RETURNING id::text").bind("name", name).bind("tag", TAG)
                    .bind("email", email).mapTo(String.class).one();
            h.execute("INSERT INTO person_contacts (person_id, kind, value) VALUES (CAST(? AS uuid), 'EMAIL', ?)", id,
                    email);
            if (marketing != null) {
                h.execute("INSERT INTO person_consents (person_id, purpose, granted, source, at) VALUES"
                        + " (CAST(? AS uuid), 'MARKETING', ?, 'test', now() - interval '1 day')", id, marketing);
            }
            return id;
        });
    }

    private static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(Probe<T> probe, java.util.function.Predicate<T> done, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what + ": " + last);
            }
            Thread.sleep(200);
            last = probe.get();
        }
        return last;
    }

    private static void await(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

}
