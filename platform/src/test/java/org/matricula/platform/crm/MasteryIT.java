package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Mastery per discipline on configurable scales and the qualification level: the settings
 * screen, levels recorded by hand on the card and converted from scored LMS statements, the
 * history, the persons list's filter, the audit log, merge, export and erasure.
 */
class MasteryIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;
    static String basic;

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lms-clients")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Moodle\"}")));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode client = JSON.readTree(created.body());
        basic = "Basic " + Base64.getEncoder().encodeToString((client.get("key").asText() + ":"
                + client.get("secret").asText()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void levelsAreRecordedByHandAndConvertedFromStatementsOnTheDisciplinesScale() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String settings = server.send(admin.request("/admin/crm/mastery?lang=en")).body();
        assertTrue(settings.contains("Five-point") && settings.contains("Pass / fail") && settings.contains("PhD"),
                settings);

        HttpResponse<String> badScale = server.send(admin.form("/admin/crm/mastery/scales?lang=en", "code", "Bad Code",
                "kind", "LEVELS", "nameRu", "Шкала", "nameEn", "Scale", "levels", "only | Один | One"));
        assertEquals(422, badScale.statusCode());
        assertTrue(badScale.body().contains("id=\"error-scale-code\"") && badScale.body().contains("id=\"error-scale-levels\"")
                && badScale.body().contains("href=\"#scale-code\""), badScale.body());
        String scale = "grades-" + run;
        assertEquals(303, server.send(admin.form("/admin/crm/mastery/scales", "code", scale, "kind", "LEVELS",
                "nameRu", "Оценки", "nameEn", "Grades " + run, "levels",
                "low | Низкий | Low\nmid | Средний | Middle | 0.4\nhigh | Высокий | High | 0.8")).statusCode());
        assertEquals(422, server.send(admin.form("/admin/crm/mastery/scales?lang=en", "code", "x" + run, "kind", "LEVELS",
                "nameRu", "Ш", "nameEn", "S", "levels", "a | А | A\nb | Б | B | 0.5\nc | В | C | 0.5")).statusCode(),
                "thresholds rise from level to level");

        String physicsActivity = "https://lms.example.org/physics/" + run;
        String essaysActivity = "https://lms.example.org/essays/" + run;
        assertEquals(303, server.send(admin.form("/admin/crm/mastery/disciplines", "nameRu", "Физика",
                "nameEn", "Physics " + run, "scale", scale, "activities", physicsActivity)).statusCode());
        assertEquals(303, server.send(admin.form("/admin/crm/mastery/disciplines", "nameRu", "Эссе",
                "nameEn", "Essays " + run, "scale", "percent", "activities", essaysActivity)).statusCode());
        HttpResponse<String> taken = server.send(admin.form("/admin/crm/mastery/disciplines?lang=en", "nameRu", "Ещё",
                "nameEn", "More", "scale", "nowhere", "activities", physicsActivity + "\nnot an address"));
        assertEquals(422, taken.statusCode());
        assertTrue(taken.body().contains("id=\"error-discipline-activities\"")
                && taken.body().contains("id=\"error-discipline-scale\""), taken.body());
        long physics = discipline("Physics " + run);
        long essays = discipline("Essays " + run);

        String email = "mastery-" + run + "@example.org";
        String person = CrmAccessIT.leadVia(server, admin, "Мастерова", email);
        HttpResponse<String> badLevel = server.send(admin.form("/admin/persons/" + person + "/mastery?lang=en",
                "discipline", String.valueOf(physics), "level", "5", "assessedOn", "2999-01-01"));
        assertEquals(422, badLevel.statusCode());
        assertTrue(badLevel.body().contains("id=\"error-level\"") && badLevel.body().contains("id=\"error-assessedOn\""),
                badLevel.body());
        assertEquals(422, server.send(admin.form("/admin/persons/" + person + "/mastery?lang=en",
                "discipline", String.valueOf(essays), "level", "101")).statusCode());
        assertEquals(303, server.send(admin.form("/admin/persons/" + person + "/mastery", "discipline",
                String.valueOf(physics), "level", "mid", "assessedOn", "2026-01-10", "note", "oral exam")).statusCode());

        // The LMS: 0.85 on a three-level scale reaches "high" (>= 0.8); 0.734 is 73 % on a percentage;
        // a statement without a score and a voided one assess nothing.
        String voided = UUID.randomUUID().toString();
        assertEquals(200, xapi("[" + statement(null, email, physicsActivity, 0.85, "2026-02-01T10:00:00Z") + ","
                + statement(null, email, essaysActivity, 0.734, "2026-02-02T10:00:00Z") + ","
                + statement(voided, email, essaysActivity, 0.1, "2026-02-03T10:00:00Z") + "]").statusCode());
        assertEquals(200, xapi("{\"actor\": {\"mbox\": \"mailto:lms@example.org\"}, \"verb\": {\"id\": "
                + "\"http://adlnet.gov/expapi/verbs/voided\"}, \"object\": {\"objectType\": \"StatementRef\", \"id\": \""
                + voided + "\"}}").statusCode());

        String card = server.send(admin.request("/admin/persons/" + person + "?lang=en")).body();
        String mastery = card.substring(card.indexOf("id=\"mastery\""), card.indexOf("</table>", card.indexOf("id=\"mastery\"")));
        assertTrue(mastery.contains("Physics " + run) && mastery.contains("<td class=\"current-level\">High</td>"),
                mastery);
        assertTrue(mastery.contains("<td class=\"current-level\">73 %</td>"), "the voided 10 % is not current: " + mastery);
        assertTrue(mastery.contains("<b>Middle</b> · by hand") && mastery.contains("oral exam"), "history: " + mastery);
        assertFalse(mastery.contains("<b>10 %</b>"), mastery);
        assertTrue(card.contains("id=\"mastery-form-" + physics + "\"") && card.contains("<option value=\"mid\">Middle"),
                "the card offers the discipline's levels");

        // A level persons hold cannot leave its scale; a discipline with records keeps its scale.
        assertEquals(409, server.send(admin.form("/admin/crm/mastery/scales?lang=en", "code", scale, "kind", "LEVELS",
                "nameRu", "Оценки", "nameEn", "Grades", "levels", "low | Низкий | Low\nhigh | Высокий | High")).statusCode());
        assertEquals(409, server.send(admin.form("/admin/crm/mastery/disciplines?lang=en", "id", String.valueOf(physics),
                "nameRu", "Физика", "nameEn", "Physics " + run, "scale", "five-point")).statusCode());
        assertEquals(409, server.send(admin.form("/admin/crm/mastery/scales/" + scale + "/delete")).statusCode());
        assertTrue(server.send(admin.request("/admin/crm/mastery?scale=" + scale + "&lang=en")).body()
                .contains("mid | Средний | Middle | 0.400"), "an existing scale opens in the form");

        assertEquals(1, audited("/admin/persons/" + person + "/mastery"), "the write is in the audit log");
        assertTrue(audited("/admin/crm/mastery/disciplines") >= 2, "the disciplines saved are in the audit log");
    }

    @Test
    void theQualificationIsEditedOnTheCardFilteredInTheListAndItsLevelsAreConfigurable() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String person = CrmAccessIT.leadVia(server, admin, "Квалифицированная" + run, "q-" + run + "@example.org");
        HttpResponse<String> bad = server.send(admin.form("/admin/persons/" + person + "/qualification?lang=en",
                "qualification", "wizard"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("id=\"error-qualification\""), bad.body());
        assertEquals(303, server.send(admin.form("/admin/persons/" + person + "/qualification", "qualification",
                "master")).statusCode());
        assertTrue(server.send(admin.request("/admin/persons/" + person + "?lang=en")).body()
                .contains("<b id=\"qualification\">Master</b>"));
        String listed = server.send(admin.request("/admin/persons?lang=en&qualification=master&q=Квалифицированная"
                + run)).body();
        assertTrue(listed.contains(person), listed);
        assertFalse(server.send(admin.request("/admin/persons?lang=en&qualification=phd&q=Квалифицированная" + run))
                .body().contains(person));
        assertEquals(1, audited("/admin/persons/" + person + "/qualification"));

        // Admins add, rename and retire levels; a retired level is offered no more.
        HttpResponse<String> badLevel = server.send(admin.form("/admin/crm/mastery/qualifications?lang=en",
                "code", "9x", "nameRu", "", "nameEn", "Doctor"));
        assertEquals(422, badLevel.statusCode());
        assertTrue(badLevel.body().contains("id=\"error-qualification-code\"")
                && badLevel.body().contains("id=\"error-qualification-nameRu\""), badLevel.body());
        String code = "dsc-" + run;
        assertEquals(303, server.send(admin.form("/admin/crm/mastery/qualifications", "code", code,
                "nameRu", "Доктор наук", "nameEn", "Doctor of Science")).statusCode());
        assertEquals(303, server.send(admin.form("/admin/crm/mastery/qualifications/" + code + "/rename",
                "nameRu", "Доктор наук", "nameEn", "DSc " + run)).statusCode());
        assertTrue(server.send(admin.request("/admin/persons/" + person + "?lang=en")).body().contains("DSc " + run));
        assertEquals(303, server.send(admin.form("/admin/crm/mastery/qualifications/" + code + "/retire")).statusCode());
        assertFalse(server.send(admin.request("/admin/persons/" + person + "?lang=en")).body().contains("DSc " + run));
        assertEquals(422, server.send(admin.form("/admin/persons/" + person + "/qualification", "qualification",
                code)).statusCode());
        assertEquals(404, server.send(admin.form("/admin/crm/mastery/qualifications/nothing-here/retire")).statusCode());
    }

    @Test
    void mergeExportAndErasureCoverMasteryAndQualification() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        assertEquals(303, server.send(admin.form("/admin/crm/mastery/disciplines", "nameRu", "История",
                "nameEn", "History " + run, "scale", "five-point")).statusCode());
        long history = discipline("History " + run);
        String keep = CrmAccessIT.leadVia(server, admin, "Оставляемая", "keep-" + run + "@example.org");
        String drop = CrmAccessIT.leadVia(server, admin, "Уходящая", "drop-" + run + "@example.org");
        assertEquals(303, server.send(admin.form("/admin/persons/" + drop + "/mastery", "discipline",
                String.valueOf(history), "level", "4", "note", "merged along")).statusCode());
        assertEquals(303, server.send(admin.form("/admin/persons/" + drop + "/qualification", "qualification",
                "bachelor")).statusCode());
        assertEquals(303, server.send(admin.form("/admin/persons/merge", "keep", keep, "drop", drop)).statusCode());
        String card = server.send(admin.request("/admin/persons/" + keep + "?lang=en")).body();
        assertTrue(card.contains("History " + run) && card.contains("merged along")
                && card.contains("<b id=\"qualification\">Bachelor</b>"), card);

        Session applicant = TestSessions.applicant(server);
        UUID person = CrmAccessIT.await("the applicant's person", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT person_id FROM person_accounts WHERE account_id = :a").bind("a", applicant.accountId())
                .mapTo(UUID.class).findOne().orElse(null)), found -> found != null);
        assertEquals(303, server.send(admin.form("/admin/persons/" + person + "/mastery", "discipline",
                String.valueOf(history), "level", "5", "note", "exported " + run)).statusCode());
        assertEquals(303, server.send(admin.form("/admin/persons/" + person + "/qualification", "qualification",
                "phd")).statusCode());
        HttpResponse<String> export = server.send(applicant.json("/api/v1/me/data"));
        assertEquals(200, export.statusCode(), export.body());
        assertTrue(export.body().contains("exported " + run) && export.body().contains("\"qualification\":\"phd\""),
                export.body());
        HttpResponse<String> erased = server.send(admin.json("/api/v1/admin/users/" + applicant.accountId() + "/erase")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(Integer.valueOf(0), jdbi.<Integer, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM person_mastery WHERE note = :note")
                .bind("note", "exported " + run).mapTo(Integer.class).one()));
    }

    @Test
    void theApiReadsAndRecordsMasteryAndQualificationWithAMessagePerField() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String activity = "https://lms.example.org/chemistry/" + run;
        assertEquals(303, server.send(admin.form("/admin/crm/mastery/disciplines", "nameRu", "Химия",
                "nameEn", "Chemistry " + run, "scale", "levels", "activities", activity)).statusCode());
        long chemistry = discipline("Chemistry " + run);
        String email = "api-mastery-" + run + "@example.org";
        String person = CrmAccessIT.leadVia(server, admin, "Апишная", email);
        Session manager = TestSessions.open(server, "CRM_MANAGER");

        JsonNode settings = JSON.readTree(server.send(manager.json("/api/v1/crm/mastery")).body());
        assertTrue(settings.path("scales").findValuesAsText("code").contains("five-point"), settings.toString());
        JsonNode listed = find(settings.path("disciplines"), "id", String.valueOf(chemistry));
        assertEquals("levels", listed.path("scaleCode").asText(), listed.toString());
        assertEquals(activity, listed.path("activities").get(0).asText());
        assertTrue(settings.path("qualifications").findValuesAsText("code").contains("master"));

        JsonNode empty = JSON.readTree(server.send(manager.json("/api/v1/crm/persons/" + person + "/mastery")).body());
        assertTrue(empty.path("qualification").isNull() && empty.path("disciplines").isEmpty(), empty.toString());

        HttpResponse<String> bad = server.send(manager.json("/api/v1/crm/persons/" + person + "/mastery?lang=en")
                .POST(HttpRequest.BodyPublishers.ofString("{\"discipline\": \"" + chemistry + "\", \"level\": \"wizard\","
                        + " \"assessedOn\": \"2999-01-01\", \"note\": \"" + "x".repeat(2001) + "\"}")));
        assertEquals(422, bad.statusCode(), bad.body());
        assertEquals(List.of("level", "assessedOn", "note"), fields(bad));
        HttpResponse<String> noDiscipline = server.send(manager.json("/api/v1/crm/persons/" + person + "/mastery?lang=en")
                .POST(HttpRequest.BodyPublishers.ofString("{\"discipline\": \"nothing\"}")));
        assertEquals(422, noDiscipline.statusCode(), noDiscipline.body());
        assertEquals(List.of("discipline"), fields(noDiscipline));
        assertEquals(422, server.send(manager.json("/api/v1/crm/persons/" + person + "/mastery")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "no body: the discipline is missing");
        assertEquals(404, server.send(manager.json("/api/v1/crm/persons/" + UUID.randomUUID() + "/mastery")
                .POST(HttpRequest.BodyPublishers.ofString("{\"discipline\": " + chemistry + ", \"level\": \"advanced\"}")))
                .statusCode());
        assertEquals(404, server.send(manager.json("/api/v1/crm/persons/" + UUID.randomUUID() + "/mastery")).statusCode());
        assertEquals(0, count("SELECT count(*) FROM person_mastery WHERE person_id = CAST(:p AS uuid)", person),
                "a refused write records nothing");

        HttpResponse<String> recorded = server.send(manager.json("/api/v1/crm/persons/" + person + "/mastery?lang=en")
                .POST(HttpRequest.BodyPublishers.ofString("{\"discipline\": " + chemistry + ", \"level\": \"beginner\","
                        + " \"assessedOn\": \"2026-01-10\", \"note\": \"lab work\"}")));
        assertEquals(201, recorded.statusCode(), recorded.body());
        assertTrue(recorded.headers().firstValue("Location").orElseThrow()
                .endsWith("/api/v1/crm/persons/" + person + "/mastery"), recorded.headers().toString());
        assertEquals(200, xapi(statement(null, email, activity, 0.9, "2026-02-01T10:00:00Z")).statusCode());
        JsonNode standing = JSON.readTree(server.send(admin.json("/api/v1/crm/persons/" + person + "/mastery?lang=en"))
                .body()).path("disciplines").get(0);
        assertEquals(chemistry, standing.path("id").asLong(), standing.toString());
        assertEquals("levels", standing.path("scale").asText());
        assertEquals("advanced|Advanced|XAPI|2026-02-01", standing.path("current").path("level").asText() + "|"
                + standing.path("current").path("label").asText() + "|" + standing.path("current").path("source").asText()
                + "|" + standing.path("current").path("assessedOn").asText(), standing.toString());
        JsonNode first = standing.path("history").get(0);
        assertEquals("beginner|HAND|2026-01-10|lab work|Тест", first.path("level").asText() + "|"
                + first.path("source").asText() + "|" + first.path("assessedOn").asText() + "|"
                + first.path("note").asText() + "|" + first.path("by").asText(), standing.toString());
        assertEquals(2, standing.path("history").size());

        HttpResponse<String> unknown = server.send(manager.json("/api/v1/crm/persons/" + person + "/qualification?lang=en")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"qualification\": \"wizard\"}")));
        assertEquals(422, unknown.statusCode(), unknown.body());
        assertEquals(List.of("qualification"), fields(unknown));
        HttpResponse<String> set = server.send(manager.json("/api/v1/crm/persons/" + person + "/qualification?lang=en")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"qualification\": \"master\"}")));
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("master|Master", JSON.readTree(set.body()).path("qualification").path("code").asText() + "|"
                + JSON.readTree(set.body()).path("qualification").path("name").asText());
        assertEquals(404, server.send(manager.json("/api/v1/crm/persons/" + UUID.randomUUID() + "/qualification")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"qualification\": \"master\"}"))).statusCode());
        HttpResponse<String> cleared = server.send(admin.json("/api/v1/crm/persons/" + person + "/qualification")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"qualification\": \"\"}")));
        assertEquals(200, cleared.statusCode(), cleared.body());
        assertTrue(JSON.readTree(cleared.body()).path("qualification").isNull(), cleared.body());
        assertEquals(1, audited("/api/v1/crm/persons/" + person + "/mastery"), "the write is in the audit log");

        // Those who see only part of the CRM, or none of it, neither read nor write it.
        for (String role : List.of("PROJECT_ADMIN", "COORDINATOR", "APPLICANT")) {
            Session other = TestSessions.open(server, role);
            assertEquals(403, server.send(other.json("/api/v1/crm/persons/" + person + "/mastery")).statusCode(), role);
            assertEquals(403, server.send(other.json("/api/v1/crm/mastery")).statusCode(), role);
            assertEquals(403, server.send(other.json("/api/v1/crm/persons/" + person + "/qualification")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"qualification\": \"phd\"}"))).statusCode(), role);
        }
        assertEquals(401, server.send(HttpRequest.newBuilder(server.uri("/api/v1/crm/persons/" + person + "/mastery")))
                .statusCode());
        assertTrue(server.send(admin.json("/openapi.json")).body().contains("/api/v1/crm/persons/{id}/mastery"),
                "the routes are in the OpenAPI document");
    }

    private static List<String> fields(HttpResponse<String> refused) throws Exception {
        List<String> fields = new java.util.ArrayList<>();
        JSON.readTree(refused.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + array);
    }

    private static int count(String sql, String person) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("p", person).mapTo(Integer.class).one());
    }

    static long discipline(String nameEn) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM disciplines WHERE name_en = :name")
                .bind("name", nameEn).mapTo(Long.class).one());
    }

    static int audited(String path) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM audit_log WHERE action = 'POST' AND split_part(target, '?', 1) = :path
                AND status < 400""").bind("path", path).mapTo(Integer.class).one());
    }

    static String statement(String id, String email, String activity, double scaled, String at) {
        return "{" + (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"actor\": {\"mbox\": \"mailto:" + email + "\"}, "
                + "\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/passed\"}, "
                + "\"object\": {\"id\": \"" + activity + "\"}, \"timestamp\": \"" + at + "\", "
                + "\"result\": {\"score\": {\"scaled\": " + scaled + "}}}";
    }

    static HttpResponse<String> xapi(String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/xapi/statements")).header("Authorization", basic)
                .header("X-Experience-API-Version", "1.0.3").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
