package org.matricula.platform.crm.xapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/** The xAPI statements endpoint as an LMS uses it, and the learning record an admin reads from it. */
class XapiStatementsIT {

    private static final ObjectMapper JSON = JsonMapper.create();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Session admin;
    static String basic;

    @BeforeAll
    static void lmsClient() throws Exception {
        admin = TestSessions.admin(server);
        basic = newClient("Moodle");
    }

    @Test
    void aBatchIsStoredOnceAndBecomesProgressCompletionAndTime() throws Exception {
        String email = "anna." + UUID.randomUUID() + "@example.org";
        String first = UUID.randomUUID().toString();
        String batch = "[" + statement(first, "mailto:" + email.toUpperCase(), "progressed",
                "\"result\": {\"duration\": \"PT30M\", \"extensions\": {\"https://w3id.org/xapi/cmi5/result/extensions/progress\": 40}}")
                + "," + statement(null, "mailto:" + email, "completed",
                "\"result\": {\"duration\": \"PT1H\", \"completion\": true, \"score\": {\"scaled\": 0.85}}") + "]";

        HttpResponse<String> posted = post(batch);
        assertEquals(200, posted.statusCode(), posted.body());
        assertEquals("1.0.3", posted.headers().firstValue("X-Experience-API-Version").orElse(""));
        assertEquals(2, JSON.readTree(posted.body()).size());
        assertEquals(first, JSON.readTree(posted.body()).get(0).asText(), "the ids come back in order");

        assertEquals(200, post("[" + statement(first, "mailto:" + email.toUpperCase(), "progressed",
                "\"result\": {\"duration\": \"PT30M\", \"extensions\": {\"https://w3id.org/xapi/cmi5/result/extensions/progress\": 40}}")
                + "]").statusCode(), "sending a statement again is accepted");
        assertEquals(2L, stored(email), "and stores nothing twice");

        JsonNode activity = learning(email).get(0);
        assertEquals("https://lms.example.org/course/python", activity.get("activityId").asText());
        assertEquals(40, activity.get("progress").asInt());
        assertTrue(activity.get("completed").asBoolean());
        assertEquals(0.85, activity.get("bestScore").asDouble(), 1e-9);
        assertEquals(90 * 60_000L, activity.get("investedMs").asLong(), "the durations are summed");
    }

    @Test
    void aChangedStatementUnderAKnownIdIsRefusedAndTheBatchWithIt() throws Exception {
        String email = "boris." + UUID.randomUUID() + "@example.org";
        String id = UUID.randomUUID().toString();
        assertEquals(204, put(id, statement(null, "mailto:" + email, "progressed", null)).statusCode());
        assertEquals(204, put(id, statement(null, "mailto:" + email, "progressed", null)).statusCode(),
                "the same statement again changes nothing");

        HttpResponse<String> changed = post("[" + statement(null, "mailto:" + email, "passed", null) + ","
                + statement(id, "mailto:" + email, "failed", null) + "]");
        assertEquals(409, changed.statusCode(), changed.body());
        assertEquals(1L, stored(email), "the batch was refused as a whole");
    }

    @Test
    void voidingWorksInEitherOrder() throws Exception {
        String email = "vera." + UUID.randomUUID() + "@example.org";
        String target = UUID.randomUUID().toString();
        String early = UUID.randomUUID().toString();
        assertEquals(200, post(statement(target, "mailto:" + email, "completed", null)).statusCode());
        assertEquals(200, post(voiding(target)).statusCode());
        assertEquals(200, post(voiding(early)).statusCode(), "a voiding statement may come before its target");
        assertEquals(200, post(statement(early, "mailto:" + email, "passed", null)).statusCode());

        assertEquals(0, learning(email).size(), "voided statements count for nothing");
        assertEquals(404, get("statementId=" + target).statusCode());
        HttpResponse<String> voided = get("voidedStatementId=" + target);
        assertEquals(200, voided.statusCode(), voided.body());
        assertEquals(target, JSON.readTree(voided.body()).get("id").asText());
    }

    @Test
    void badStatementsAreRefusedWithTheirFieldsNamed() throws Exception {
        HttpResponse<String> bad = post("[" + statement(null, "mailto:not-an-email", "completed", null) + ","
                + """
                {"actor": {"mbox": "mailto:a@example.org", "account": {"homePage": "https://lms", "name": "a"}},
                 "verb": {"id": "completed"}, "object": null, "result": {"score": {"scaled": 3}}, "extra": 1}
                """ + "]");
        assertEquals(400, bad.statusCode(), bad.body());
        String problems = JSON.readTree(bad.body()).get("errors").toString();
        for (String field : new String[] {"[0].actor.mbox", "[1].actor", "[1].verb.id", "[1].object",
                "[1].result.score.scaled", "[1].extra"}) {
            assertTrue(problems.contains("\"" + field + "\""), field + " in " + problems);
        }
        HttpResponse<String> noVersion = server.send(HttpRequest.newBuilder(server.uri("/xapi/statements"))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(statement(null, "mailto:a@example.org", "completed", null))));
        assertEquals(400, noVersion.statusCode(), noVersion.body());
        assertTrue(noVersion.body().contains("X-Experience-API-Version"), noVersion.body());
        assertEquals(400, post("{\"actor\": ").statusCode(), "broken JSON");
        assertEquals(400, post("[]").statusCode(), "an empty batch");
    }

    @Test
    void onlyLiveClientsGetIn() throws Exception {
        HttpResponse<String> anonymous = server.send(HttpRequest.newBuilder(server.uri("/xapi/statements"))
                .header("X-Experience-API-Version", "1.0.3").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(statement(null, "mailto:a@example.org", "completed", null))));
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));

        JsonNode client = JSON.readTree(server.send(admin.json("/api/v1/crm/lms-clients")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Old LMS\"}"))).body());
        String old = credentials(client.get("key").asText(), client.get("secret").asText());
        String wrong = credentials(client.get("key").asText(), "not-the-secret");
        assertEquals(200, send(old, statement(null, "mailto:a@example.org", "completed", null)).statusCode());
        assertEquals(401, send(wrong, statement(null, "mailto:a@example.org", "completed", null)).statusCode());
        assertEquals(204, server.send(admin.json("/api/v1/crm/lms-clients/" + client.get("id").asLong())
                .DELETE()).statusCode());
        assertEquals(401, send(old, statement(null, "mailto:a@example.org", "completed", null)).statusCode(),
                "a revoked client is refused at once");
        String listed = server.send(admin.json("/api/v1/crm/lms-clients")).body();
        assertFalse(listed.contains(client.get("secret").asText()), "secrets are never listed");

        Session applicant = TestSessions.applicant(server);
        assertEquals(403, server.send(applicant.json("/api/v1/crm/lms-clients")).statusCode());
        assertEquals(401, server.send(applicant.json("/xapi/statements").header("X-Experience-API-Version", "1.0.3")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode(), "a session is no LMS credential");
    }

    @Test
    void anAdminRecordsLearningByHandAndSeesItOnThePage() throws Exception {
        String email = "galina." + UUID.randomUUID() + "@example.org";
        HttpResponse<String> entered = server.send(admin.form("/admin/learning/records", "email", email,
                "activityId", "https://school.example.org/paper-course", "activityName", "Бумажный курс",
                "verb", "completed", "progress", "100", "score", "0,9", "minutes", "95"));
        assertEquals(303, entered.statusCode(), entered.body());

        String page = server.send(admin.request("/admin/learning?lang=en&email=" + email)).body();
        assertTrue(page.contains("Бумажный курс"), page);
        assertTrue(page.contains("1 h 35 min"), page);
        assertTrue(page.contains("90%"), page);

        HttpResponse<String> invalid = server.send(admin.form("/admin/learning/records?lang=en", "email", "nobody",
                "activityId", "paper", "verb", "danced", "progress", "150", "score", "x"));
        assertEquals(422, invalid.statusCode());
        for (String field : new String[] {"manual-email", "manual-activityId", "manual-verb", "manual-progress",
                "manual-score"}) {
            assertTrue(invalid.body().contains("href=\"#" + field + "\""), field + " in the error summary");
        }
    }

    @Test
    void theAdminPageShowsANewClientsSecretOnceAndRevokesAfterConfirming() throws Exception {
        HttpResponse<String> created = server.send(admin.form("/admin/learning/clients?lang=en", "name", "Stepik"));
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("id=\"created-secret\""), created.body());
        String page = server.send(admin.request("/admin/learning?lang=en")).body();
        assertFalse(page.contains("created-secret"), "the secret is not shown again");
        long clientId = -1;
        for (JsonNode client : JSON.readTree(server.send(admin.json("/api/v1/crm/lms-clients")).body())) {
            if (client.get("name").asText().equals("Stepik")) {
                clientId = client.get("id").asLong();
            }
        }
        String confirm = server.send(admin.request("/admin/learning/clients/" + clientId + "/revoke?lang=en")).body();
        assertTrue(confirm.contains("Stepik") && confirm.contains("confirm-revoke"), confirm);
        assertEquals(303, server.send(admin.form("/admin/learning/clients/" + clientId + "/revoke")).statusCode());
        assertTrue(server.send(admin.json("/api/v1/crm/lms-clients")).body().contains("\"revokedAt\":\""));
    }

    @Test
    void aDurationOfMoreThanAYearIsRefusedAndHugeOnesStoredBeforeBreakNoPage() throws Exception {
        String email = "dmitry." + UUID.randomUUID() + "@example.org";
        HttpResponse<String> hours = post(statement(null, "mailto:" + email, "progressed",
                "\"result\": {\"duration\": \"PT99999999999999999H\"}"));
        assertEquals(400, hours.statusCode(), hours.body());
        assertTrue(JSON.readTree(hours.body()).get("errors").toString().contains("\"result.duration\""), hours.body());
        HttpResponse<String> years = post("[" + statement(null, "mailto:" + email, "progressed",
                "\"result\": {\"duration\": \"P1000000000Y\"}") + "]");
        assertEquals(400, years.statusCode(), years.body());
        assertTrue(JSON.readTree(years.body()).get("errors").toString().contains("\"[0].result.duration\""),
                years.body());
        assertEquals(0L, stored(email));
        assertEquals(200, post(statement(null, "mailto:" + email, "progressed",
                "\"result\": {\"duration\": \"P366D\"}")).statusCode(), "a year is still a duration");

        // statements stored before durations were bounded: their sum no longer fits a long
        UUID person = server.platform().database().jdbi().withHandle(handle -> {
            UUID id = handle.createQuery("""
                    INSERT INTO persons (first_name, full_name, email) VALUES ('Dmitry', 'Dmitry', :email)
                    RETURNING id""").bind("email", email).mapTo(UUID.class).one();
            handle.execute("INSERT INTO person_contacts (person_id, kind, value) VALUES (?, 'EMAIL', ?)", id, email);
            return id;
        });
        assertEquals(200, post(statement(null, "mailto:" + email, "progressed",
                "\"result\": {\"duration\": \"PT1M\"}")).statusCode());
        server.platform().database().jdbi().useHandle(handle -> handle.execute(
                "UPDATE xapi_statements SET duration_ms = ? WHERE actor_email = ?", Long.MAX_VALUE, email));

        assertEquals(Long.MAX_VALUE, learning(email).get(0).get("investedMs").asLong(), "capped, not a 500");
        HttpResponse<String> card = server.send(admin.json("/api/v1/crm/persons/" + person));
        assertEquals(200, card.statusCode(), card.body());
        HttpResponse<String> page = server.send(admin.request("/admin/learning?lang=en&email=" + email));
        assertEquals(200, page.statusCode(), page.body());
    }

    @Test
    void aClientReadsAndVoidsOnlyItsOwnStatementsAndLearnsNothingOfAnothersIds() throws Exception {
        String other = newClient("Other LMS");
        String email = "elena." + UUID.randomUUID() + "@example.org";
        String mine = UUID.randomUUID().toString();
        assertEquals(200, post(statement(mine, "mailto:" + email, "completed", null)).statusCode());

        HttpResponse<String> read = get(other, "statementId=" + mine);
        assertEquals(404, read.statusCode(), "another client's statement is as unknown: " + read.body());
        assertFalse(read.body().contains(email), read.body());

        // voiding it is answered as voiding an id not stored yet, and voids nothing of the owner's
        String unknown = UUID.randomUUID().toString();
        assertSameAnswer(send(other, voiding(unknown)), send(other, voiding(mine)));
        assertSameAnswer(send(other, "[" + voiding(unknown) + "]"), send(other, "[" + voiding(mine) + "]"));
        assertEquals(200, get("statementId=" + mine).statusCode(), "the owner's statement is not voided");
        assertEquals(1, learning(email).size());

        // its id, sent with other content, is no conflict: the other client's statement is its own
        String elsewhere = "elena.elsewhere." + UUID.randomUUID() + "@example.org";
        assertSameAnswer(put(other, UUID.randomUUID().toString(), statement(null, "mailto:" + elsewhere, "passed", null)),
                put(other, mine, statement(null, "mailto:" + elsewhere, "passed", null)));
        String mineToo = UUID.randomUUID().toString();
        assertEquals(204, put(mineToo, statement(null, "mailto:" + email, "progressed", null)).statusCode());
        assertSameAnswer(send(other, statement(UUID.randomUUID().toString(), "mailto:" + elsewhere, "failed", null)),
                send(other, statement(mineToo, "mailto:" + elsewhere, "passed", null)));
        assertEquals(409, put(other, mine, statement(null, "mailto:" + elsewhere, "failed", null)).statusCode(),
                "a different statement under an id the same client stored is refused");
        // stored as its own, and voided on arrival by its own voiding statement of that id above
        HttpResponse<String> itsOwn = get(other, "voidedStatementId=" + mine);
        assertEquals(200, itsOwn.statusCode(), itsOwn.body());
        assertTrue(itsOwn.body().contains(elsewhere) && !itsOwn.body().contains(email), itsOwn.body());
        HttpResponse<String> owners = get("statementId=" + mine);
        assertTrue(owners.body().contains(email) && !owners.body().contains(elsewhere), owners.body());
        assertEquals(1, learning(email).size());
        assertEquals(1, learning(elsewhere).size(), "both statements count, each for its learner");

        String early = UUID.randomUUID().toString();
        assertEquals(200, send(other, voiding(early)).statusCode(), "a statement not stored yet may be named");
        assertEquals(200, post(statement(early, "mailto:" + email, "passed", null)).statusCode());
        assertEquals(200, get("statementId=" + early).statusCode(), "but another client's voiding does not void it");

        assertEquals(303, server.send(admin.form("/admin/learning/records", "email", email,
                "activityId", "https://school.example.org/by-hand", "verb", "completed")).statusCode());
        String byHand = server.platform().database().jdbi().withHandle(handle -> handle.createQuery("""
                SELECT id::text FROM xapi_statements WHERE actor_email = :email AND client_id IS NULL""")
                .bind("email", email).mapTo(String.class).one());
        assertSameAnswer(post(voiding(unknown)), post(voiding(byHand)));
        assertEquals(404, get("statementId=" + byHand).statusCode(), "nor may an LMS read what was entered by hand");
        assertEquals(2, learning(email).size(), "nor void it");
    }

    @Test
    void twoClientsSendingOneIdKeepTwoStatementsAndTheLearnersTimelineShowsBoth() throws Exception {
        String second = newClient("Second LMS");
        String email = "galina." + UUID.randomUUID() + "@example.org";
        UUID person = server.platform().database().jdbi().withHandle(handle -> {
            UUID id = handle.createQuery("""
                    INSERT INTO persons (first_name, full_name, email) VALUES ('Galina', 'Galina', :email)
                    RETURNING id""").bind("email", email).mapTo(UUID.class).one();
            handle.execute("INSERT INTO person_contacts (person_id, kind, value) VALUES (?, 'EMAIL', ?)", id, email);
            return id;
        });
        String id = UUID.randomUUID().toString();
        String completed = statement(id, "mailto:" + email, "completed", "\"timestamp\": \"2025-03-01T10:00:00Z\"");
        assertEquals(200, post(completed).statusCode());
        assertEquals(200, send(second, completed).statusCode());
        assertEquals(2L, stored(email), "each client's statement is kept");
        assertEquals(2, (int) server.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM timeline_entries WHERE person_id = :person AND kind = 'LMS'")
                .bind("person", person).mapTo(Integer.class).one()), "both completions are on the timeline");
    }

    private static String newClient(String name) throws Exception {
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lms-clients")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name)))));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode client = JSON.readTree(created.body());
        return credentials(client.get("key").asText(), client.get("secret").asText());
    }

    /** Two answers a client cannot tell apart: the same status, and the same body but for the ids sent. */
    private static void assertSameAnswer(HttpResponse<String> unknownId, HttpResponse<String> othersId) {
        assertEquals(unknownId.statusCode(), othersId.statusCode(), unknownId.body() + " / " + othersId.body());
        assertEquals(unknownId.body().replaceAll("[0-9a-f-]{36}", "<id>"), othersId.body().replaceAll("[0-9a-f-]{36}",
                "<id>"));
    }

    @Test
    void everyAnswerNamesTheVersionAndAnUnstorableCharacterItsField() throws Exception {
        HttpResponse<String> about = server.send(HttpRequest.newBuilder(server.uri("/xapi/about")));
        assertEquals(200, about.statusCode(), about.body());
        assertEquals("1.0.3", about.headers().firstValue("X-Experience-API-Version").orElse(""));
        HttpResponse<String> anonymous = server.send(HttpRequest.newBuilder(server.uri("/xapi/statements"))
                .header("X-Experience-API-Version", "1.0.3").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(401, anonymous.statusCode());
        assertEquals("1.0.3", anonymous.headers().firstValue("X-Experience-API-Version").orElse(""));

        String email = "fedor." + UUID.randomUUID() + "@example.org";
        HttpResponse<String> nul = post("[" + statement(null, "mailto:" + email, "completed", null) + ","
                + statement(null, "mailto:" + email, "completed", null).replace("Python", "Py\\u0000thon") + "]");
        assertEquals(400, nul.statusCode(), nul.body());
        assertTrue(JSON.readTree(nul.body()).get("errors").toString()
                .contains("\"[1].object.definition.name.en-US\""), nul.body());
        assertEquals(0L, stored(email), "the batch is refused as a whole");
    }

    private static String statement(String id, String mbox, String verb, String extra) {
        return "{" + (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"actor\": {\"mbox\": \"" + mbox + "\"}, "
                + "\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/" + verb + "\"}, "
                + "\"object\": {\"id\": \"https://lms.example.org/course/python\", "
                + "\"definition\": {\"name\": {\"en-US\": \"Python\"}}}"
                + (extra == null ? "" : ", " + extra) + "}";
    }

    private static String voiding(String target) {
        return "{\"actor\": {\"mbox\": \"mailto:lms-admin@example.org\"}, "
                + "\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/voided\"}, "
                + "\"object\": {\"objectType\": \"StatementRef\", \"id\": \"" + target + "\"}}";
    }

    private static HttpResponse<String> post(String body) {
        return send(basic, body);
    }

    private static HttpResponse<String> send(String credentials, String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/xapi/statements")).header("Authorization", credentials)
                .header("X-Experience-API-Version", "1.0.3").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> put(String id, String body) {
        return put(basic, id, body);
    }

    private static HttpResponse<String> put(String credentials, String id, String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/xapi/statements?statementId=" + id))
                .header("Authorization", credentials).header("X-Experience-API-Version", "1.0.3")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> get(String query) {
        return get(basic, query);
    }

    private static HttpResponse<String> get(String credentials, String query) {
        return server.send(HttpRequest.newBuilder(server.uri("/xapi/statements?" + query))
                .header("Authorization", credentials).header("X-Experience-API-Version", "1.0.3"));
    }

    private static JsonNode learning(String email) throws Exception {
        HttpResponse<String> answer = server.send(admin.json("/api/v1/crm/learning?email=" + email));
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private static long stored(String email) {
        return server.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM xapi_statements WHERE actor_email = :email").bind("email", email)
                .mapTo(Long.class).one());
    }

    private static String credentials(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
