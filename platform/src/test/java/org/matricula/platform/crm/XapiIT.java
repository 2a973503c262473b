package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/** xAPI statements from an LMS: Basic credentials per client, batches, stored once, voiding, progress and time. */
class XapiIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String COURSE = "https://lms.example.org/courses/python";

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Session admin;
    static String basic;
    static long clientId;

    @BeforeAll
    static void client() throws Exception {
        admin = TestSessions.admin(server);
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lms-clients")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Moodle\"}")));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode json = JSON.readTree(created.body());
        clientId = json.path("client").path("id").asLong();
        basic = "Basic " + Base64.getEncoder().encodeToString((json.path("username").asText() + ":"
                + json.path("secret").asText()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void batchesAreStoredOnceVoidingIsHonouredAndProgressAndTimeAreCounted() throws Exception {
        String email = "learner-" + UUID.randomUUID() + "@example.org";
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID wrong = UUID.randomUUID();
        List<Map<String, Object>> batch = List.of(
                statement(first, email, "progressed", Map.of("duration", "PT1H30M",
                        "extensions", Map.of("https://w3id.org/xapi/cmi5/result/extensions/progress", 0.4))),
                statement(second, email, "progressed", Map.of("duration", "PT30M",
                        "extensions", Map.of("https://w3id.org/xapi/cmi5/result/extensions/progress", 0.6))),
                statement(wrong, email, "failed", Map.of("score", Map.of("scaled", 0.2))));
        HttpResponse<String> stored = post(basic, batch);
        assertEquals(200, stored.statusCode(), stored.body());
        assertEquals(List.of(first.toString(), second.toString(), wrong.toString()), ids(stored.body()));
        assertEquals(200, post(basic, batch).statusCode(), "a batch sent again changes nothing");

        HttpResponse<String> put = server.send(HttpRequest.newBuilder(server.uri("/xapi/statements?statementId="
                + UUID.randomUUID())).header("Authorization", basic).header("Content-Type", "application/json")
                .header("X-Experience-API-Version", "1.0.3")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(statement(null, email, "experienced",
                        Map.of("duration", "PT15M"))))));
        assertEquals(204, put.statusCode(), put.body());

        String person = JSON.readTree(server.send(admin.json("/api/v1/crm/persons?email=" + email)).body())
                .path("persons").path(0).asText();
        JsonNode course = card(person).path("courses").path(0);
        assertEquals(COURSE, course.path("objectId").asText());
        assertEquals(0.6, course.path("progress").asDouble(), 1e-9);
        assertEquals(2.25, course.path("hours").asDouble(), 1e-9, "1:30 + 0:30 + 0:15, each stored once");
        assertEquals(1, timelineCount(person), "the failure is on the timeline once");

        Map<String, Object> voiding = Map.of("id", UUID.randomUUID().toString(),
                "actor", Map.of("mbox", "mailto:" + email),
                "verb", Map.of("id", "http://adlnet.gov/expapi/verbs/voided"),
                "object", Map.of("objectType", "StatementRef", "id", second.toString()));
        assertEquals(200, post(basic, List.of(voiding)).statusCode());
        course = card(person).path("courses").path(0);
        assertEquals(0.4, course.path("progress").asDouble(), 1e-9, "the voided statement no longer counts");
        assertEquals(1.75, course.path("hours").asDouble(), 1e-9);

        assertEquals(200, post(basic, List.of(statement(UUID.randomUUID(), email, "completed", Map.of()))).statusCode());
        assertTrue(card(person).path("courses").path(0).path("completed").asBoolean());
        String page = server.send(admin.request("/admin/persons/" + person + "?lang=en")).body();
        assertTrue(page.contains("id=\"courses\"") && page.contains("Python for analysts"), page);
    }

    @Test
    void accountsFindTheirPersonAndBadStatementsAnswer422PerField() throws Exception {
        Map<String, Object> byAccount = Map.of("actor", Map.of("account",
                Map.of("homePage", "https://lms.example.org", "name", "u-" + UUID.randomUUID())),
                "verb", Map.of("id", "http://adlnet.gov/expapi/verbs/experienced"), "object", Map.of("id", COURSE));
        List<String> one = ids(post(basic, List.of(byAccount)).body());
        List<String> two = ids(post(basic, List.of(byAccount)).body());
        assertEquals(1, one.size());
        long persons = server.platform().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(DISTINCT person_id) FROM xapi_statements WHERE id IN (CAST(:a AS uuid), CAST(:b AS uuid))")
                .bind("a", one.get(0)).bind("b", two.get(0)).mapTo(Long.class).one());
        assertEquals(1, persons, "the same LMS account is the same person");

        HttpResponse<String> bad = post(basic, List.of(Map.of("id", "nope", "actor", Map.of("mbox", "anna"),
                "verb", Map.of("id", "completed"), "object", Map.of(), "result", Map.of("duration", "90 minutes"))));
        assertEquals(422, bad.statusCode(), bad.body());
        List<String> fields = new ArrayList<>();
        JSON.readTree(bad.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        assertEquals(List.of("[0].id", "[0].actor.mbox", "[0].verb.id", "[0].object.id", "[0].result.duration"), fields);

        HttpResponse<String> notAnObject = post(basic, List.of(byAccount, 42));
        assertEquals(422, notAnObject.statusCode(), notAnObject.body());
        assertTrue(notAnObject.body().contains("\"[1]\""), notAnObject.body());
        assertEquals(401, post(null, List.of(byAccount)).statusCode());
        assertEquals(401, post("Basic " + Base64.getEncoder().encodeToString("lms-x:wrong".getBytes(
                StandardCharsets.UTF_8)), List.of(byAccount)).statusCode());
        assertEquals(200, server.send(admin.json("/api/v1/crm/lms-clients/" + clientId + "/revoke")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(401, post(basic, List.of(byAccount)).statusCode(), "a revoked client is refused");
        client();
    }

    static Map<String, Object> statement(UUID id, String email, String verb, Map<String, Object> result) {
        Map<String, Object> statement = new java.util.LinkedHashMap<>();
        if (id != null) {
            statement.put("id", id.toString());
        }
        statement.put("actor", Map.of("mbox", "mailto:" + email, "name", "Learner"));
        statement.put("verb", Map.of("id", "http://adlnet.gov/expapi/verbs/" + verb));
        statement.put("object", Map.of("id", COURSE, "definition", Map.of("name", Map.of("en-US", "Python for analysts"))));
        statement.put("result", result);
        statement.put("timestamp", "2026-11-30T10:00:00Z");
        return statement;
    }

    static HttpResponse<String> post(String authorization, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/xapi/statements?lang=en"))
                .header("Content-Type", "application/json").header("X-Experience-API-Version", "1.0.3")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request);
    }

    static List<String> ids(String body) throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(body).forEach(id -> ids.add(id.asText()));
        return ids;
    }

    static JsonNode card(String person) throws Exception {
        return JSON.readTree(server.send(admin.json("/api/v1/crm/persons/" + person)).body());
    }

    static int timelineCount(String person) throws Exception {
        return JSON.readTree(server.send(admin.json("/api/v1/crm/persons/" + person + "/timeline?kind=LMS")).body())
                .path("entries").size();
    }
}
