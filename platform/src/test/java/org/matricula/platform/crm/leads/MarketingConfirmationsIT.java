package org.matricula.platform.crm.leads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;

/**
 * The marketing consent a lead gives is recorded only once the holder of the address has confirmed
 * it through the mailed link: a person who withdrew stays withdrawn until then, and campaigns do
 * not reach them; one mail per address however many leads name it; a GET changes nothing; an
 * expired or made-up link answers a page saying so.
 */
class MarketingConfirmationsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern LINK = Pattern.compile("http\\S*/consent/([A-Za-z0-9_-]+)");

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static TestSessions.Session admin;
    static String key;
    static String sourceName;

    @BeforeAll
    static void source() throws Exception {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
        sourceName = "Landing " + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(body(Map.of("name", sourceName))));
        assertEquals(201, created.statusCode(), created.body());
        key = JSON.readTree(created.body()).path("key").asText();
    }

    @Test
    void aPersonWhoWithdrewStaysUnsubscribedUntilTheMailedLinkIsConfirmed() throws Exception {
        String email = "withdrawn-" + UUID.randomUUID() + "@example.org";
        lead(email, "Anna", null);
        String person = personOf(email);
        consent(person, true, "2 days");
        consent(person, false, "1 day");

        lead(email, "Buy cheap watches at spam.example", true);
        lead(email, "Anna", true);

        assertEquals(Boolean.FALSE, marketing(person), "a lead does not subscribe anyone");
        List<String> mails = mailsTo(email);
        assertEquals(1, mails.size(), "one confirmation mail, however many leads name the address");
        assertTrue(mails.get(0).contains("Confirm that you want news about our courses"), mails.get(0));
        assertFalse(mails.get(0).contains("spam.example"), "nothing the lead typed goes into the mail");
        String token = token(mails.get(0));

        HttpResponse<String> question = server.send(HttpRequest.newBuilder(server.uri("/consent/" + token)));
        assertEquals(200, question.statusCode(), question.body());
        assertTrue(question.body().contains("id=\"confirm-marketing\"") && question.body().contains(email),
                question.body());
        assertEquals(Boolean.FALSE, marketing(person), "opening the link changes nothing: mail scanners open links");

        HttpResponse<String> confirmed = server.send(HttpRequest.newBuilder(server.uri("/consent/" + token))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(303, confirmed.statusCode(), confirmed.body());
        assertEquals(Boolean.TRUE, marketing(person));
        assertEquals("lead: " + sourceName + ", confirmed by mail", jdbi.withHandle(h -> h.createQuery(
                "SELECT source FROM person_consents WHERE person_id = CAST(:p AS uuid) AND purpose = 'MARKETING'"
                + " AND at > now() - interval '1 minute' ORDER BY id DESC LIMIT 1").bind("p", person)
                .mapTo(String.class).one()));
        String done = server.send(HttpRequest.newBuilder(server.uri("/consent/" + token))).body();
        assertTrue(done.contains("id=\"marketing-confirmed\"") && !done.contains("id=\"confirm-marketing\""), done);

        int consents = consents(person);
        server.send(HttpRequest.newBuilder(server.uri("/consent/" + token)).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(consents, consents(person), "a link confirms once");
    }

    @Test
    void aPersonWhoseConsentStandsIsLeftAsTheyAre() throws Exception {
        String email = "standing-" + UUID.randomUUID() + "@example.org";
        lead(email, "Boris", null);
        String person = personOf(email);
        consent(person, true, "1 day");
        int consents = consents(person);

        lead(email, "Boris", true);

        assertEquals(Boolean.TRUE, marketing(person));
        assertEquals(consents + 1, consents(person), "the lead's processing consent only");
        assertEquals(List.of(), mailsTo(email), "nothing to confirm");
    }

    /** Anybody may post a lead naming anybody's address: an unticked box withdraws nothing. */
    @Test
    void aLeadThatDoesNotAskForNewsLeavesAStandingConsentAsItIs() throws Exception {
        String email = "subscribed-" + UUID.randomUUID() + "@example.org";
        lead(email, "Galina", null);
        String person = personOf(email);
        consent(person, true, "1 day");

        lead(email, "Galina", false);

        assertEquals(Boolean.TRUE, marketing(person), "still subscribed");
    }

    @Test
    void anExpiredOrMadeUpLinkAnswersAPageSayingSoAndChangesNothing() throws Exception {
        String email = "late-" + UUID.randomUUID() + "@example.org";
        lead(email, "Vera", true);
        String person = personOf(email);
        String token = token(mailsTo(email).get(0));
        jdbi.useHandle(h -> h.createUpdate("UPDATE marketing_confirmations SET expires_at = now() - interval '1 minute'"
                + " WHERE email = :email").bind("email", email).execute());

        HttpResponse<String> expired = server.send(HttpRequest.newBuilder(server.uri("/consent/" + token)));
        assertEquals(410, expired.statusCode());
        assertTrue(expired.body().contains("This confirmation link has expired"), expired.body());
        HttpResponse<String> posted = server.send(HttpRequest.newBuilder(server.uri("/consent/" + token))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(410, posted.statusCode(), "pressing the button of an expired link says so at once");
        assertTrue(posted.body().contains("This confirmation link has expired"), posted.body());
        assertEquals(null, marketing(person), "never asked, and still not");

        for (String garbage : List.of("not-a-token", "%3Cscript%3E", token.substring(1))) {
            HttpResponse<String> unknown = server.send(HttpRequest.newBuilder(server.uri("/consent/" + garbage))
                    .header("Accept-Language", "ru"));
            assertEquals(404, unknown.statusCode(), garbage);
            assertTrue(unknown.body().contains("Эта ссылка для подтверждения недействительна"), unknown.body());
            HttpResponse<String> guessed = server.send(HttpRequest.newBuilder(server.uri("/consent/" + garbage))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(404, guessed.statusCode(), garbage + ": " + guessed.body());
        }
    }

    /**
     * A lead with a mistyped address makes a person of its own, whom staff then merge into the
     * person it meant: the link mailed to the mistyped address must not subscribe the kept
     * person's address, which never confirmed anything.
     */
    @Test
    void aLinkWhoseAddressIsNoLongerThePersonsAfterAMergeConfirmsNothing() throws Exception {
        String meant = "meant-" + UUID.randomUUID() + "@example.org";
        String mistyped = "mistyped-" + UUID.randomUUID() + "@example.org";
        lead(meant, "Zoya", null);
        String kept = personOf(meant);
        lead(mistyped, "Zoya", true);
        String dropped = personOf(mistyped);
        String token = token(mailsTo(mistyped).get(0));

        HttpResponse<String> merged = server.send(admin.json("/api/v1/crm/persons/" + kept + "/merge")
                .POST(body(Map.of("drop", dropped))));
        assertEquals(200, merged.statusCode(), merged.body());

        HttpResponse<String> page = server.send(HttpRequest.newBuilder(server.uri("/consent/" + token)));
        assertEquals(410, page.statusCode(), page.body());
        assertFalse(page.body().contains(mistyped), page.body());
        HttpResponse<String> posted = server.send(HttpRequest.newBuilder(server.uri("/consent/" + token))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(410, posted.statusCode(), posted.body());
        assertEquals(null, marketing(kept), "the kept person's address never confirmed");
    }

    @Test
    void campaignsReachTheConfirmedPersonOnlyNotTheOneStillAsked() throws Exception {
        String tag = "asked-" + UUID.randomUUID().toString().substring(0, 8);
        String asked = "asked-" + UUID.randomUUID() + "@example.org";
        String confirmed = "confirmed-" + UUID.randomUUID() + "@example.org";
        lead(asked, "Gleb", true);
        lead(confirmed, "Dina", true);
        server.send(HttpRequest.newBuilder(server.uri("/consent/" + token(mailsTo(confirmed).get(0))))
                .POST(HttpRequest.BodyPublishers.noBody()));
        jdbi.useHandle(h -> h.createUpdate(
                "UPDATE persons SET tags = ARRAY[CAST(:tag AS text)] WHERE email IN (:a, :b)")
                .bind("tag", tag).bind("a", asked).bind("b", confirmed).execute());

        long segment = JSON.readTree(server.send(admin.json("/api/v1/crm/segments").POST(body(Map.of("name", tag,
                "filter", Map.of("tags", List.of(tag)))))).body()).path("id").asLong();
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/campaigns").POST(body(Map.of(
                "name", tag, "segment", Long.toString(segment), "subjectRu", "Новости", "bodyRu", "Новости курсов",
                "subjectEn", "News", "bodyEn", "Course news", "ratePerMinute", "600"))));
        assertEquals(201, created.statusCode(), created.body());
        long campaign = JSON.readTree(created.body()).path("id").asLong();
        assertEquals(200, server.send(admin.json("/api/v1/crm/campaigns/" + campaign + "/schedule")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode state = campaign(campaign);
        while (!"DONE".equals(state.path("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = campaign(campaign);
        }
        assertEquals("DONE", state.path("status").asText(), state.toString());
        assertEquals(List.of(confirmed), jdbi.withHandle(h -> h.createQuery(
                "SELECT email FROM campaign_recipients WHERE campaign_id = :c").bind("c", campaign)
                .mapTo(String.class).list()));
    }

    private static JsonNode campaign(long id) throws Exception {
        return JSON.readTree(server.send(admin.json("/api/v1/crm/campaigns/" + id)).body());
    }

    /** A lead through the API, written by the time this returns; {@code marketing} null says nothing of it. */
    private static void lead(String email, String firstName, Boolean marketing) throws Exception {
        Map<String, Object> lead = new HashMap<>(Map.of("firstName", firstName, "email", email,
                "consentProcessing", true));
        if (marketing != null) {
            lead.put("consentMarketing", marketing);
        }
        HttpResponse<String> sent = server.send(HttpRequest.newBuilder(server.uri("/api/v1/leads?lang=en"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(body(lead)));
        assertEquals(202, sent.statusCode(), sent.body());
        server.awaitLeadsWritten();
    }

    private static String personOf(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT person_id::text FROM person_contacts WHERE value = :email")
                .bind("email", email).mapTo(String.class).one());
    }

    private static void consent(String person, boolean granted, String ago) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO person_consents (person_id, purpose, granted, source, at)"
                + " VALUES (CAST(:p AS uuid), 'MARKETING', :granted, 'test', now() - CAST(:ago AS interval))")
                .bind("p", person).bind("granted", granted).bind("ago", ago).execute());
    }

    /** The person's latest marketing consent: granted, withdrawn, or null when never asked. */
    private static Boolean marketing(String person) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT granted FROM person_consents WHERE person_id = CAST(:p AS uuid)"
                + " AND purpose = 'MARKETING' ORDER BY at DESC, id DESC LIMIT 1").bind("p", person)
                .mapTo(Boolean.class).findOne().orElse(null));
    }

    private static int consents(String person) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM person_consents WHERE person_id = CAST(:p AS uuid)")
                .bind("p", person).mapTo(Integer.class).one());
    }

    /** The subject and text of each mail queued to the address, in order. */
    private static List<String> mailsTo(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT (payload ->> 'subject') || E'\\n' || (payload ->> 'body')"
                + " FROM outbox WHERE kind = 'mail' AND payload ->> 'to' = :email ORDER BY id")
                .bind("email", email).mapTo(String.class).list());
    }

    private static String token(String mail) {
        Matcher link = LINK.matcher(mail);
        assertTrue(link.find(), mail);
        return link.group(1);
    }

    private static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }
}
