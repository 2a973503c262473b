package org.matricula.platform.crm.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The lead form websites embed and the visit beacon's endpoint, over HTTP: framing allowed for
 * them only, UTM and visits carried to the person, the honeypot, the rate limit and bad input.
 */
class LeadFormsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FORM_ID = Pattern.compile("/embed/forms/([0-9a-f-]{36})\\.js");

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;
    static String formId;

    @BeforeAll
    static void leadForm() throws Exception {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
        HttpResponse<String> source = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Institute site\"}")));
        assertEquals(201, source.statusCode(), source.body());
        long sourceId = JSON.readTree(source.body()).at("/source/id").asLong();
        HttpResponse<String> created = server.send(admin.form("/admin/crm/lead-forms", "source",
                String.valueOf(sourceId), "program", "", "language", "en"));
        assertEquals(303, created.statusCode(), created.body());
        String page = server.send(admin.request("/admin/crm/lead-forms?lang=en")).body();
        Matcher id = FORM_ID.matcher(page);
        assertTrue(id.find(), "the page shows the snippet: " + page);
        formId = id.group(1);
        assertTrue(page.contains("/embed/beacon.js"), "and the beacon's line");
    }

    @Test
    void aRevokedFormIsGoneFromWebsitesAfterAConfirmation() throws Exception {
        HttpResponse<String> source = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Old site\"}")));
        long sourceId = JSON.readTree(source.body()).at("/source/id").asLong();
        server.send(admin.form("/admin/crm/lead-forms", "source", String.valueOf(sourceId), "program", "",
                "language", "ru"));
        long id = jdbi.withHandle(handle -> handle.createQuery("SELECT max(id) FROM lead_forms")
                .mapTo(Long.class).one());
        String publicId = jdbi.withHandle(handle -> handle.createQuery("SELECT public_id::text FROM lead_forms WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
        assertEquals(200, server.get("/embed/forms/" + publicId).statusCode());

        HttpResponse<String> confirm = server.send(admin.request("/admin/crm/lead-forms/" + id + "/revoke?lang=en"));
        assertEquals(200, confirm.statusCode(), confirm.body());
        assertTrue(confirm.body().contains("Old site"), "the step names the form's source: " + confirm.body());
        assertEquals(404, server.send(admin.request("/admin/crm/lead-forms/99999999/revoke")).statusCode());

        assertEquals(303, server.send(admin.form("/admin/crm/lead-forms/" + id + "/revoke")).statusCode());
        assertEquals(404, server.get("/embed/forms/" + publicId).statusCode(), "websites no longer get it");
        assertEquals(200, server.get("/embed/forms/" + formId).statusCode(), "the other form lives on");
    }

    @Test
    void otherSitesMayFrameTheFormButNoOtherPage() {
        HttpResponse<String> form = server.get("/embed/forms/" + formId + "?utm_source=newsletter");
        assertEquals(200, form.statusCode(), form.body());
        assertTrue(form.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors *"));
        assertTrue(form.headers().firstValue("X-Frame-Options").isEmpty());
        assertTrue(form.body().contains("name=\"utm_source\" value=\"newsletter\""), "the page's UTM rides along");

        HttpResponse<String> catalog = server.get("/catalog");
        assertEquals("DENY", catalog.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(catalog.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));

        HttpResponse<String> loader = server.get("/embed/forms/" + formId + ".js");
        assertEquals(200, loader.statusCode());
        assertTrue(loader.body().contains(server.uri("/embed/forms/" + formId).toString()), loader.body());
        assertEquals(404, server.get("/embed/forms/" + UUID.randomUUID()).statusCode(), "an unknown form");
    }

    @Test
    void aLeadFromTheFormBringsItsUtmAndTheBrowsersEarlierVisitsToThePerson() throws Exception {
        UUID visitor = UUID.randomUUID();
        String email = "lead." + UUID.randomUUID() + "@example.org";
        assertEquals(204, visit("{\"visitor\": \"" + visitor + "\", \"url\": \"https://institute.example/courses"
                + "?utm_source=vk\", \"referrer\": \"https://vk.com/\", \"utm\": {\"utm_source\": \"vk\", "
                + "\"utm_medium\": \"social\"}}").statusCode());
        assertEquals(204, visit("{\"visitor\": \"" + visitor + "\", \"url\": \"https://institute.example/apply\"}")
                .statusCode());

        HttpResponse<String> sent = post(Map.of("lastName", "Petrova", "firstName", "Anna", "email", email,
                "interest", "Data science", "consentProcessing", "yes", "utm_source", "newsletter",
                "utm_campaign", "spring", "ref", "https://mail.example/", "vid", visitor.toString()));
        assertEquals(200, sent.statusCode(), sent.body());

        UUID person = person(email);
        assertEquals("newsletter", jdbi.withHandle(handle -> handle.createQuery(
                "SELECT last_touch->'utm'->>'utm_source' FROM persons WHERE id = :id").bind("id", person)
                .mapTo(String.class).one()));
        int linked = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM site_visits WHERE person_id = :id").bind("id", person).mapTo(Integer.class).one());
        assertEquals(2, linked);
        assertEquals(List.of("LEAD", "STAGE", "VISIT", "VISIT"), jdbi.withHandle(handle -> handle.createQuery(
                "SELECT kind FROM timeline_entries WHERE person_id = :id ORDER BY kind").bind("id", person)
                .mapTo(String.class).list()));
    }

    @Test
    void theHoneypotKeepsNothingAndEachFieldProblemIsShownAtItsField() throws Exception {
        String robot = "robot." + UUID.randomUUID() + "@example.org";
        HttpResponse<String> trapped = post(Map.of("firstName", "Bot", "email", robot, "consentProcessing", "yes",
                "website", "http://spam.example/"));
        assertEquals(200, trapped.statusCode());
        server.awaitLeadsWritten();
        assertEquals(0, contacts(robot), "a robot's lead is thanked and dropped");

        HttpResponse<String> invalid = post(Map.of("firstName", "Olga", "email", "not-an-email"));
        assertEquals(422, invalid.statusCode());
        assertTrue(invalid.body().contains("href=\"#lead-email\""), invalid.body());
        assertTrue(invalid.body().contains("href=\"#lead-consentProcessing\""), invalid.body());
        assertTrue(invalid.body().contains("aria-describedby=\"lead-email-error\""), invalid.body());
        assertTrue(invalid.body().contains("value=\"Olga\""), "typed values stay");
    }

    @Test
    void aNameOfNulCharactersIsRefusedAtItsFieldAndNothingIsKept() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM lead_form_posts"));
        String email = "nul." + UUID.randomUUID() + "@example.org";
        HttpResponse<String> refused = post(Map.of("lastName", "\u0000", "email", email, "consentProcessing", "yes"));
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("href=\"#lead-lastName\""), refused.body());
        assertTrue(refused.body().contains("Holds control characters that cannot be kept"), refused.body());
        assertTrue(refused.body().contains("href=\"#lead-firstName\""), "a name of NUL characters is no name");
        assertTrue(refused.body().contains("value=\"" + email + "\""), "typed values stay");
        int waiting = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM lead_inbox WHERE strpos(CAST(lead AS text), :email) > 0").bind("email", email)
                .mapTo(Integer.class).one());
        assertEquals(0, waiting, "nothing waits to be written");
        jdbi.useHandle(handle -> handle.execute("DELETE FROM lead_form_posts"));
    }

    @Test
    void oneAddressMaySendOnlyAFewLeadsInTenMinutes() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM lead_form_posts"));
        for (int i = 0; i < EmbedLimits.LEADS_PER_WINDOW; i++) {
            assertEquals(422, post(Map.of("firstName", "Try " + i)).statusCode());
        }
        HttpResponse<String> refused = post(Map.of("firstName", "Again"));
        assertEquals(429, refused.statusCode());
        jdbi.useHandle(handle -> handle.execute("DELETE FROM lead_form_posts"));
    }

    @Test
    void aBadPageViewIsRefusedFieldByField() throws Exception {
        HttpResponse<String> bad = visit("{\"visitor\": \"nope\", \"url\": \"javascript:alert(1)\", "
                + "\"utm\": {\"utm_evil\": \"x\"}}");
        assertEquals(422, bad.statusCode(), bad.body());
        String fields = JSON.readTree(bad.body()).get("errors").findValuesAsText("field").toString();
        assertEquals("[visitor, url, utm.utm_evil]", fields);
        assertEquals(422, visit("null").statusCode());
        assertEquals(422, visit("[").statusCode());
    }

    @Test
    void aSignedUpBrowserCarriesItsVisitsToItsPerson() throws Exception {
        UUID visitor = UUID.randomUUID();
        assertEquals(204, visit("{\"visitor\": \"" + visitor + "\", \"url\": \"https://institute.example/\"}")
                .statusCode());
        HttpResponse<String> arriving = server.get("/catalog?mvid=" + visitor);
        assertTrue(arriving.headers().allValues("Set-Cookie").stream()
                .anyMatch(cookie -> cookie.startsWith("matricula_vid=" + visitor)), arriving.headers().toString());

        Session applicant = TestSessions.applicant(server);
        UUID person = null;
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (person == null && System.nanoTime() < deadline) {
            server.send(applicant.request("/office").header("Cookie", applicant.cookie() + "; matricula_vid=" + visitor));
            person = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT person_id FROM site_visits WHERE visitor = :visitor").bind("visitor", visitor)
                    .mapTo(UUID.class).findOne().orElse(null));
            Thread.sleep(200);
        }
        assertTrue(person != null, "the visit joined the applicant's person once the CRM knew it");
    }

    private static HttpResponse<String> post(Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        String body = all.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return server.send(HttpRequest.newBuilder(server.uri("/embed/forms/" + formId + "?lang=en"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> visit(String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/embed/visits"))
                .header("Content-Type", "text/plain;charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static UUID person(String email) {
        server.awaitLeadsWritten();
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT person_id FROM person_contacts WHERE kind = 'EMAIL' AND value = :email").bind("email", email)
                .mapTo(UUID.class).one());
    }

    private static int contacts(String email) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM person_contacts WHERE value = :email").bind("email", email)
                .mapTo(Integer.class).one());
    }

}
