package org.matricula.platform.crm.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestSessions;

/**
 * Open and click counting only where the person consented to it: the consenting recipient's mail
 * has an HTML part with the open pixel and click-through links, the other's is the plain mail
 * with the links as written; the pixel and the links need no sign-in, count per recipient (first
 * time and counts), redirect only to the links the mail carried, and the campaign's figures show
 * the opens and clicks.
 */
class CampaignTrackingIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LINK = "https://school.example/course?id=7";
    static final Pattern TRACKED = Pattern.compile("http://[^/\\s\"]+(/t/[oc]/[A-Za-z0-9_-]{43}(/[0-9]+)?)");

    static GreenMail smtp;
    static RunningPlatform server;
    static Jdbi jdbi;
    static TestSessions.Session admin;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        server = RunningPlatform.start(Map.of("mail.smtp.host", "127.0.0.1", "mail.smtp.port",
                Integer.toString(smtp.getSmtp().getPort()), "outbox.poll-interval", "100ms"));
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        smtp.stop();
    }

    @Test
    void countedOnlyWithConsentAndRedirectedOnlyToTheMailsLinks() throws Exception {
        String tag = "track-" + UUID.randomUUID().toString().substring(0, 8);
        String tracked = person("Counted", tag);
        String plain = person("Uncounted", tag);
        HttpResponse<String> consent = server.send(admin.json("/api/v1/crm/persons/" + tracked + "/consents")
                .POST(body(Map.of("purpose", "TRACKING", "granted", true, "source", "form"))));
        assertTrue(consent.statusCode() < 300, consent.body());

        long segment = JSON.readTree(server.send(admin.json("/api/v1/crm/segments").POST(body(Map.of("name", "Track",
                "filter", Map.of("tags", List.of(tag)))))).body()).path("id").asLong();
        long id = JSON.readTree(server.send(admin.json("/api/v1/crm/campaigns").POST(body(Map.of("name", "Links",
                "segment", Long.toString(segment), "subjectRu", "Курс", "bodyRu", "Смотрите " + LINK + " сегодня.",
                "subjectEn", "Course", "bodyEn", "See " + LINK, "ratePerMinute", "600")))).body()).path("id").asLong();
        assertEquals(200, server.send(admin.json("/api/v1/crm/campaigns/" + id + "/schedule")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (smtp.getReceivedMessages().length < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertEquals(2, mails.length);
        MimeMessage counted = null;
        MimeMessage uncounted = null;
        for (MimeMessage mail : mails) {
            if (mail.getAllRecipients()[0].toString().startsWith("counted")) {
                counted = mail;
            } else {
                uncounted = mail;
            }
        }
        assertNotNull(counted);
        assertNotNull(uncounted);
        String plainText = String.valueOf(uncounted.getContent());
        assertTrue(plainText.contains(LINK) && !plainText.contains("/t/"), "untracked mail: " + plainText);

        assertTrue(counted.getContent() instanceof MimeMultipart, "text and HTML");
        String raw = GreenMailUtil.getWholeMessage(counted);
        MimeMultipart parts = (MimeMultipart) counted.getContent();
        String text = String.valueOf(parts.getBodyPart(0).getContent());
        String html = String.valueOf(parts.getBodyPart(1).getContent());
        assertFalse(text.contains(LINK), "the link goes through the click-through: " + text);
        assertTrue(html.contains("<img src=\"") && html.contains("/t/o/"), html);
        assertTrue(text.contains("/u/"), "the unsubscribe link stays as it is");
        String click = path(text, "/t/c/");
        String open = path(html, "/t/o/");

        HttpResponse<String> pixel = server.get(open);
        assertEquals(200, pixel.statusCode());
        assertEquals("image/gif", pixel.headers().firstValue("Content-Type").orElse(""));
        server.get(open);
        HttpResponse<String> redirect = server.get(click);
        assertEquals(303, redirect.statusCode());
        assertEquals(LINK, redirect.headers().firstValue("Location").orElse(""));
        assertEquals(404, server.get(click.substring(0, click.lastIndexOf('/')) + "/99").statusCode(),
                "a link the mail did not carry");
        assertEquals(404, server.get("/t/c/" + "A".repeat(43) + "/1").statusCode());
        assertEquals(404, server.get("/t/o/nothing").statusCode());

        JsonNode recipients = JSON.readTree(server.send(admin.json("/api/v1/crm/campaigns/" + id + "/recipients"))
                .body());
        JsonNode engagement = recipients.path("engagement");
        assertEquals(1, engagement.path("tracked").asInt(), engagement.toString());
        assertEquals(1, engagement.path("opened").asInt());
        assertEquals(1, engagement.path("clicked").asInt());
        assertEquals(2, engagement.path("opens").asInt());
        for (JsonNode row : recipients.path("recipients")) {
            boolean isCounted = row.path("person").asText().equals(tracked);
            assertEquals(isCounted, row.path("tracked").asBoolean());
            assertEquals(isCounted ? 2 : 0, row.path("opens").asInt());
            assertEquals(isCounted ? 1 : 0, row.path("clicks").asInt());
            assertEquals(isCounted, !row.path("firstOpenAt").isNull());
        }
        String screen = server.send(admin.request("/admin/campaigns/" + id + "?lang=en")).body();
        assertTrue(screen.contains("id=\"figure-opened\">1<") && screen.contains("id=\"figure-clicks\">1<"), screen);
        assertTrue(raw.contains("multipart/alternative"));
    }

    static String path(String text, String kind) {
        Matcher matcher = TRACKED.matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).startsWith(kind)) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no " + kind + " link in " + text);
    }

    static String person(String name, String tag) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
        return jdbi.inTransaction(h -> {
            String id = h.createQuery("INSERT INTO persons (first_name, full_name, tags, email) VALUES (:name, :name,"
                    + " ARRAY[:tag], :email) RETURNING id::text").bind("name", name).bind("tag", tag)
                    .bind("email", email).mapTo(String.class).one();
            h.execute("INSERT INTO person_contacts (person_id, kind, value) VALUES (CAST(? AS uuid), 'EMAIL', ?)", id,
                    email);
            h.execute("INSERT INTO person_consents (person_id, purpose, granted, source, at) VALUES"
                    + " (CAST(? AS uuid), 'MARKETING', true, 'test', now() - interval '1 day')", id);
            return id;
        });
    }

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }
}
