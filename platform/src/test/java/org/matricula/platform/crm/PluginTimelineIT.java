package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.crm.timeline.fixtures.WebinarKind;
import org.matricula.platform.crm.timeline.fixtures.WebinarRoutes;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * A plugin adds its own kind of timeline entry (plugin-api {@code TimelineKind}) and appends
 * entries of it through its context, once per source: a real plugin JAR built here. The card, its
 * kind filter, the API and the personal-data export name the kind in the reader's language.
 */
class PluginTimelineIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;

    @BeforeAll
    static void install() throws Exception {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
        PluginJar.plugin("webinars", "1.0.0").pluginClass(FixturePlugin.class).extension(WebinarKind.class)
                .extension(WebinarRoutes.class).writeTo(server.pluginsDir(), "webinars.jar");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (server.get("/plugins/webinars/attended?email=nobody@example.org&ref=probe").statusCode() == 404
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void aPluginAppendsEntriesOfItsOwnKindOncePerSource() throws Exception {
        Session applicant = TestSessions.applicant(server);
        String email = applicant.email();
        String person = CrmAccessIT.leadVia(server, admin, "Вебинарова", email);

        assertEquals("ADDED", attended("email=" + email.toUpperCase() + "&ref=w-1"), "by email, any case");
        assertEquals("ALREADY_THERE", attended("email=" + email + "&ref=w-1"), "once per source");
        assertEquals("ADDED", attended("person=" + person + "&ref=w-2"), "by the person's id");
        assertEquals("NO_PERSON", attended("email=nobody-" + UUID.randomUUID() + "@example.org&ref=w-3"));
        assertEquals("NO_PERSON", attended("person=" + UUID.randomUUID() + "&ref=w-4"));
        HttpResponse<String> foreign = server.get("/plugins/webinars/attended?kind=NOTE&email=" + email + "&ref=w-5");
        assertEquals(400, foreign.statusCode(), "only its own kinds: " + foreign.body());
        assertEquals(400, server.get("/plugins/webinars/attended?email=" + email).statusCode(), "a source is needed");
        assertEquals(2L, (long) jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM timeline_entries WHERE person_id = CAST(:p AS uuid) AND kind = 'webinars:webinar'")
                .bind("p", person).mapTo(Long.class).one()));

        String card = server.send(admin.request("/admin/persons/" + person + "?lang=en")).body();
        assertTrue(card.contains("value=\"webinars:webinar\""), "the kind filter offers it: " + card);
        assertTrue(card.contains("Webinar attended"), card);
        assertTrue(card.contains("class=\"entry-webinars-webinar\""), card);
        assertTrue(card.contains("<i class=\"bi-camera-video\" aria-hidden=\"true\"></i>"), "its icon");
        assertTrue(server.send(admin.request("/admin/persons/" + person + "?lang=ru")).body().contains("Вебинар"));
        String filtered = server.send(admin.request("/admin/persons/" + person + "?lang=en&kind=webinars:webinar"))
                .body();
        assertTrue(filtered.contains("Webinar: w-1") && filtered.contains("Webinar: w-2"), filtered);
        assertFalse(filtered.contains("class=\"entry-LEAD\""), "the filter keeps the plugin's kind only");

        JsonNode api = JSON.readTree(server.send(admin.json("/api/v1/crm/persons/" + person
                + "/timeline?kind=webinars:webinar&lang=en")).body());
        assertEquals(2, api.path("entries").size(), api.toString());
        assertEquals("webinars:webinar", api.path("entries").path(0).path("kind").asText());
        assertEquals("Webinar attended", api.path("entries").path(0).path("kindName").asText());
        assertEquals("45", api.path("entries").path(0).path("details").path("minutes").asText());
        assertEquals(422, server.send(admin.json("/api/v1/crm/persons/" + person + "/timeline?kind=other:kind"))
                .statusCode(), "an unknown kind is refused as before");

        // the account's person is linked by the feed in the background
        JsonNode export = null;
        boolean named = false;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!named && System.nanoTime() < deadline) {
            export = JSON.readTree(server.send(applicant.json("/api/v1/me/data")).body()).path("crm").path(0)
                    .path("timeline");
            for (JsonNode entry : export) {
                if (entry.path("kind").asText().equals("webinars:webinar")) {
                    named = entry.path("kindName").asText().equals("Вебинар");
                }
            }
            Thread.sleep(named ? 0 : 200);
        }
        assertTrue(named, "the export names the kind in the account's language: " + export);
    }

    private static String attended(String query) throws Exception {
        HttpResponse<String> answer = server.get("/plugins/webinars/attended?" + query);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).path("result").asText();
    }
}
