package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.privacy.PersonalFamily;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The CRM end to end: accounts and declarations becoming persons, lead intake with its keys and
 * 422s, the timeline's pages and kinds, the funnel, duplicates and merging, the pages and who may
 * reach them.
 */
class CrmIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Program program;
    static Session admin;

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("crm-school", "1.0.0").pluginClass(FixturePlugin.class).extension(PersonalFamily.class)
                .writeTo(server.pluginsDir(), "crm-school.jar");
        server.awaitFamily("crm-school");
        Catalog catalog = new Catalog(jdbi, id -> true);
        long project = catalog.createProject(new ProjectInput("crm", "CRM", "", "crm-school", true, "", "")).id();
        program = catalog.createProgram(new ProgramInput("data-science", "Data science", "", true, "", false));
        catalog.link(project, program.id());
        admin = TestSessions.admin(server);
    }

    @Test
    void anApplicantAndTheirDeclarationsAreOnePersonMovedAlongTheFunnel() throws Exception {
        Session me = TestSessions.applicant(server);
        String personId = await("the account's person", () -> person(me.email()), id -> id != null);
        String declaration = submit(me, Map.of("category", "other", "lastName", "Петрова", "firstName", "Анна",
                "middleName", "Сергеевна", "birthDate", "1995-03-08", "sex", "female", "email", me.email(),
                "phone", "8 (912) 345-67-01", "snils", "112-233-445 95"));
        JsonNode card = await("the declaration on the card", () -> card(personId),
                json -> json.path("declarations").size() == 1 && "applicant".equals(json.path("stage").asText()));
        assertEquals("Петрова Анна Сергеевна", card.path("fullName").asText());
        assertEquals("1995-03-08", card.path("birthDate").asText());
        assertTrue(card.toString().contains("+79123456701"), "the phone in E.164: " + card);
        assertEquals("PROCESSING", card.path("consents").path(0).path("purpose").asText());
        assertEquals(List.of("DECLARATION", "STAGE"), kinds(personId, "DECLARATION&kind=STAGE"));

        // a lead with the same phone, written differently, finds the same person
        String key = newSource("Main site").path("key").asText();
        HttpResponse<String> lead = lead(key, Map.of("firstName", "Анна", "phone", "+7 912 345 67 01",
                "consentProcessing", true, "consentMarketing", false, "program", "data-science",
                "utm", Map.of("utm_source", "vk", "utm_medium", "social", "utm_campaign", "spring")));
        assertEquals(202, lead.statusCode(), lead.body());
        server.awaitLeadsWritten();
        assertEquals(List.of("LEAD"), kinds(personId, "LEAD"), "the lead went to the applicant's person");
        card = card(personId);
        assertEquals("applicant", card.path("stage").asText(), "a lead never moves a person back");
        assertEquals("social", card.path("firstTouch").path("channel").asText());
        assertEquals("spring", card.path("lastTouch").path("campaign").asText());

        changeStatus(declaration, "ACCEPTED");
        changeStatus(declaration, "ENROLLED");
        card = await("the student", () -> card(personId), json -> "student".equals(json.path("stage").asText()));
        List<String> moves = new ArrayList<>();
        card.path("moves").forEach(move -> moves.add(move.path("to").asText()));
        assertEquals(List.of("applicant", "student"), moves);
        await("the status changes on the timeline", () -> kinds(personId, "STATUS"),
                found -> found.equals(List.of("STATUS", "STATUS")));
        await("the mails on the timeline", () -> kinds(personId, "MAIL"), found -> found.size() >= 2);
    }

    @Test
    void leadsNeedAKeyAnswer422PerFieldAndStopWhenTheKeyIsRevoked() throws Exception {
        assertEquals(401, lead(null, Map.of("firstName", "Ivan", "email", "a@b.org", "consentProcessing", true))
                .statusCode());
        assertEquals(401, lead("mlk_wrong", Map.of("firstName", "Ivan", "email", "a@b.org", "consentProcessing", true))
                .statusCode());
        JsonNode created = newSource("Landing");
        String key = created.path("key").asText();
        long id = created.path("source").path("id").asLong();

        HttpResponse<String> bad = lead(key, Map.of("email", "not-an-address", "phone", "12", "program", "nothing",
                "utm", Map.of("utm_evil", "x")));
        assertEquals(422, bad.statusCode(), bad.body());
        List<String> fields = new ArrayList<>();
        JSON.readTree(bad.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        assertTrue(fields.containsAll(List.of("email", "phone", "firstName", "consentProcessing", "program",
                "utm.utm_evil")), fields.toString());
        assertTrue(bad.body().contains("Not an email address"), "in the request's language: " + bad.body());
        HttpResponse<String> none = lead(key, Map.of("firstName", "Ivan", "consentProcessing", true));
        assertEquals(422, none.statusCode());

        String email = "lead-" + UUID.randomUUID() + "@Example.org";
        HttpResponse<String> ok = lead(key, Map.of("firstName", "Ivan", "lastName", "Leadov", "email", email,
                "consentProcessing", true, "consentMarketing", true, "interest", "Evening courses",
                "referrer", "https://search.example/"));
        assertEquals(202, ok.statusCode(), ok.body());
        assertTrue(JSON.readTree(ok.body()).path("lead").asLong() > 0, ok.body());
        server.awaitLeadsWritten();
        String personId = person(email.toLowerCase());
        assertNotNull(personId, "the lead's person");
        JsonNode card = card(personId);
        assertEquals("interested", card.path("stage").asText());
        assertEquals("referral", card.path("firstTouch").path("channel").asText());
        assertEquals(List.of("PROCESSING"), purposes(card), "marketing waits for the address to confirm it");
        assertEquals(1, (int) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = 'mail'"
                + " AND payload ->> 'to' = :to AND payload ->> 'body' LIKE '%/consent/%'")
                .bind("to", email.toLowerCase()).mapTo(Integer.class).one()), "the mail asking to confirm it");
        assertEquals(List.of("LEAD", "STAGE"), kinds(personId, ""));
        HttpResponse<String> again = lead(key, Map.of("firstName", "Ivan", "email", email.toUpperCase(),
                "consentProcessing", true));
        assertEquals(202, again.statusCode(), again.body());
        server.awaitLeadsWritten();
        assertEquals(personId, person(email.toLowerCase()), "matched, never doubled");
        assertEquals(List.of("LEAD", "LEAD"), kinds(personId, "LEAD"));

        JsonNode listed = JSON.readTree(server.send(admin.json("/api/v1/crm/lead-sources")).body());
        assertFalse(listed.toString().contains(key), "the key is shown once only");
        assertFalse(listed.toString().contains(key.substring(10)), "nor its hash's source");
        assertEquals(200, server.send(admin.json("/api/v1/crm/lead-sources/" + id + "/revoke")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(401, lead(key, Map.of("firstName", "Ivan", "email", email, "consentProcessing", true))
                .statusCode());
    }

    @Test
    void theTimelineIsPagedFilteredByKindAndAppendOnly() throws Exception {
        String personId = leadPerson("Timeline", "Paged", "paged-" + UUID.randomUUID() + "@example.org");
        for (int i = 0; i < 120; i++) {
            HttpResponse<String> logged = server.send(admin.json("/api/v1/crm/persons/" + personId + "/timeline")
                    .POST(body(Map.of("kind", i % 2 == 0 ? "NOTE" : "CALL", "text", "Entry " + i))));
            assertEquals(201, logged.statusCode(), logged.body());
        }
        JsonNode first = timeline(personId, "?size=50");
        assertEquals(50, first.path("entries").size());
        assertTrue(first.path("more").asBoolean());
        assertEquals("Entry 119", first.path("entries").path(0).path("summary").asText(), "newest first");
        JsonNode last = timeline(personId, "?size=50&page=2");
        assertEquals(122 - 100, last.path("entries").size());
        assertFalse(last.path("more").asBoolean());
        assertEquals(60, timeline(personId, "?size=500&kind=NOTE").path("entries").size());
        assertEquals(61, timeline(personId, "?size=500&kind=NOTE&kind=LEAD").path("entries").size());
        HttpResponse<String> unknown = server.send(admin.json("/api/v1/crm/persons/" + personId + "/timeline?kind=SPAM"));
        assertEquals(422, unknown.statusCode());
        HttpResponse<String> notByHand = server.send(admin.json("/api/v1/crm/persons/" + personId + "/timeline")
                .POST(body(Map.of("kind", "MAIL", "text", "forged"))));
        assertEquals(422, notByHand.statusCode());

        assertThrowsSql(() -> jdbi.useHandle(h -> h.execute(
                "UPDATE timeline_entries SET summary = 'changed' WHERE person_id = CAST(? AS uuid)", personId)));

        HttpResponse<String> task = server.send(admin.json("/api/v1/crm/persons/" + personId + "/tasks")
                .POST(body(Map.of("title", "Call back", "due", "2030-01-31"))));
        assertEquals(201, task.statusCode(), task.body());
        long taskId = JSON.readTree(task.body()).path("id").asLong();
        assertEquals(422, server.send(admin.json("/api/v1/crm/persons/" + personId + "/tasks")
                .POST(body(Map.of("title", "", "due", "tomorrow", "assignee", "nobody@example.org")))).statusCode());
        JsonNode done = JSON.readTree(server.send(admin.json("/api/v1/crm/persons/" + personId + "/tasks/" + taskId
                + "/done").POST(HttpRequest.BodyPublishers.noBody())).body());
        assertTrue(done.path("tasks").path(0).path("doneAt").isTextual() || done.path("tasks").path(0).path("doneAt")
                .isNumber(), done.toString());
        assertEquals(2, timeline(personId, "?kind=TASK").path("entries").size());
    }

    @Test
    void managersMoveByHandWithAReasonAndStagesAreConfigurable() throws Exception {
        String personId = leadPerson("Funnel", "Mover", "funnel-" + UUID.randomUUID() + "@example.org");
        HttpResponse<String> noReason = server.send(admin.json("/api/v1/crm/persons/" + personId + "/stage")
                .POST(body(Map.of("stage", "nowhere"))));
        assertEquals(422, noReason.statusCode());
        List<String> fields = new ArrayList<>();
        JSON.readTree(noReason.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        assertEquals(List.of("stage", "reason"), fields);

        Map<String, Object> stages = Map.of("stages", List.of(
                Map.of("code", "interested", "position", 10, "nameRu", "Интересуется", "nameEn", "Interested", "active", true),
                Map.of("code", "applicant", "position", 20, "nameRu", "Абитуриент", "nameEn", "Applicant", "active", true),
                Map.of("code", "student", "position", 30, "nameRu", "Студент", "nameEn", "Student", "active", true),
                Map.of("code", "alumnus", "position", 40, "nameRu", "Выпускник", "nameEn", "Graduate", "active", true),
                Map.of("code", "paused", "position", 35, "nameRu", "Пауза", "nameEn", "Paused", "active", true)));
        assertEquals(200, server.send(admin.json("/api/v1/crm/stages").PUT(body(stages))).statusCode());
        HttpResponse<String> moved = server.send(admin.json("/api/v1/crm/persons/" + personId + "/stage")
                .POST(body(Map.of("stage", "paused", "reason", "Asked to wait until autumn"))));
        assertEquals(200, moved.statusCode(), moved.body());
        JsonNode card = JSON.readTree(moved.body());
        assertEquals("paused", card.path("stage").asText());
        JsonNode move = card.path("moves").path(1);
        assertEquals("interested", move.path("from").asText());
        assertEquals("Asked to wait until autumn", move.path("reason").asText());
        assertFalse(move.path("automatic").asBoolean());
        JsonNode figures = JSON.readTree(server.send(admin.json("/api/v1/crm/stages")).body()).path("figures");
        assertTrue(figures.toString().contains("\"stage\":\"paused\""), figures.toString());
    }

    @Test
    void duplicatesAreListedAndAMergeKeepsEverything() throws Exception {
        String domain = "dup" + UUID.randomUUID().toString().substring(0, 8) + ".org";
        String first = leadPerson("Сидоров", "Пётр", "petr.sidorov@" + domain);
        String typo = leadPerson("Сидоров", "Петр", "petr.sidorvo@" + domain);
        String namesake = leadPerson("Близнец", "Иван", "one-" + UUID.randomUUID() + "@example.org");
        String twin = leadPerson("Близнец", "Иван", "two-" + UUID.randomUUID() + "@example.org");
        for (String id : List.of(namesake, twin)) {
            assertEquals(200, server.send(admin.json("/api/v1/crm/persons/" + id)
                    .POST(body(Map.of("birthDate", "2001-02-03")))).statusCode());
        }
        HttpResponse<String> badDate = server.send(admin.json("/api/v1/crm/persons/" + twin)
                .POST(body(Map.of("birthDate", "yesterday", "email", "nope"))));
        assertEquals(422, badDate.statusCode());
        JsonNode pairs = JSON.readTree(server.send(admin.json("/api/v1/crm/duplicates")).body()).path("pairs");
        assertTrue(hasPair(pairs, first, typo, "EMAIL"), pairs.toString());
        assertTrue(hasPair(pairs, namesake, twin, "NAME_BIRTH"), pairs.toString());
        String page = server.send(admin.request("/admin/persons/duplicates?lang=en")).body();
        assertTrue(page.contains("/admin/persons/merge?keep="), page);

        // the typo person also has an applicant account with a declaration and a note
        Session applicant = TestSessions.applicant(server);
        String applicantPerson = await("the account's person", () -> person(applicant.email()), id -> id != null);
        submit(applicant, Map.of("category", "other", "lastName", "Сидоров", "firstName", "Петр", "middleName", "",
                "birthDate", "1990-01-01", "sex", "male", "email", applicant.email(), "phone", "+7 999 000-11-22",
                "snils", "112-233-445 95"));
        await("the declaration", () -> card(applicantPerson), json -> json.path("declarations").size() == 1);
        // the confirmation's entry comes when the outbox has sent it: counted before the merge, not during it
        await("the confirmation on the timeline", () -> kinds(applicantPerson, "MAIL"), found -> found.size() == 1);
        // and so does the retail deal the declaration opens
        await("the deal on the timeline", () -> kinds(applicantPerson, "DEAL"), found -> found.size() == 1);
        HttpResponse<String> merged = server.send(admin.json("/api/v1/crm/persons/" + typo + "/merge")
                .POST(body(Map.of("drop", applicantPerson))));
        assertEquals(200, merged.statusCode(), merged.body());
        JsonNode before = card(typo);
        int entries = timeline(typo, "?size=500").path("entries").size();

        String mergeScreen = server.send(admin.request("/admin/persons/merge?keep=" + first + "&drop=" + typo
                + "&lang=en")).body();
        assertTrue(mergeScreen.contains("id=\"merge-form\""), mergeScreen);
        HttpResponse<String> joined = server.send(admin.form("/admin/persons/merge", "keep", first, "drop", typo));
        assertEquals(303, joined.statusCode(), joined.body());
        assertEquals(404, server.send(admin.json("/api/v1/crm/persons/" + typo)).statusCode());
        JsonNode after = card(first);
        assertEquals(1, after.path("declarations").size());
        assertTrue(after.path("accounts").toString().contains(applicant.accountId().toString()));
        assertTrue(after.toString().contains("petr.sidorvo@" + domain) && after.toString().contains(applicant.email()));
        assertEquals(before.path("consents").size() + 1, after.path("consents").size());
        assertEquals(entries + 2 + 1, timeline(first, "?size=500").path("entries").size(),
                "both timelines and the merge entry");
        assertEquals("applicant", after.path("stage").asText(), "the further stage");
        assertEquals(first, person(applicant.email()));
    }

    @Test
    void onlyPlatformAdminsReachTheCrmAndTheirWritesAreAudited() throws Exception {
        assertEquals(401, server.get("/api/v1/crm/duplicates").statusCode());
        for (String role : List.of("APPLICANT", "PROJECT_ADMIN", "COORDINATOR")) {
            Session session = TestSessions.open(server, role);
            assertEquals(403, server.send(session.json("/api/v1/crm/duplicates")).statusCode(), role);
            // project admins read the persons of their projects there (CrmAccessIT)
            assertEquals(role.equals("PROJECT_ADMIN") ? 200 : 403, server.send(session.request("/admin/persons"))
                    .statusCode(), role);
            assertEquals(403, server.send(session.json("/api/v1/crm/lead-sources")
                    .POST(body(Map.of("name", "sneaky")))).statusCode(), role);
        }
        Session manager = TestSessions.open(server, "CRM_MANAGER");
        assertEquals(200, server.send(manager.json("/api/v1/crm/duplicates")).statusCode());
        assertEquals(200, server.send(manager.request("/admin/persons")).statusCode());
        assertEquals(403, server.send(manager.request("/api/admin/plugins")).statusCode(), "nothing beyond the CRM");
        assertEquals(403, server.send(manager.request("/admin/users")).statusCode());
        String personId = leadPerson("Audit", "Trail", "audit-" + UUID.randomUUID() + "@example.org");
        HttpResponse<String> byManager = server.send(manager.json("/api/v1/crm/persons/" + personId + "/timeline")
                .POST(body(Map.of("kind", "MEETING", "text", "Met at the open day"))));
        assertEquals(201, byManager.statusCode(), byManager.body());
        List<String> managerAudited = jdbi.withHandle(h -> h.createQuery(
                "SELECT action || ' ' || target FROM audit_log WHERE actor_id = :actor ORDER BY id")
                .bind("actor", manager.accountId()).mapTo(String.class).list());
        assertEquals(List.of("POST /api/v1/crm/persons/" + personId + "/timeline"), managerAudited,
                "a CRM manager's write is audited too");
        server.send(admin.json("/api/v1/crm/persons/" + personId + "/timeline")
                .POST(body(Map.of("kind", "NOTE", "text", "audited"))));
        long audited = jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'POST' AND target = :target AND actor_id = :actor")
                .bind("actor", admin.accountId()).bind("target", "/api/v1/crm/persons/" + personId + "/timeline").mapTo(Long.class).one());
        assertEquals(1, audited);
    }

    @Test
    void thePagesShowTheListTheCardAndTheLeadSources() throws Exception {
        String email = "card-" + UUID.randomUUID() + "@example.org";
        String personId = leadPerson("Карточкина", "Мария", email);
        HttpResponse<String> list = server.send(admin.request("/admin/persons?q=" + email + "&lang=en"));
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("/admin/persons/" + personId), list.body());
        HttpResponse<String> csv = server.send(admin.request("/admin/persons.csv?q=" + email));
        assertTrue(csv.body().contains(email), csv.body());

        String card = server.send(admin.request("/admin/persons/" + personId + "?lang=ru")).body();
        assertTrue(card.contains("Карточкина Мария") && card.contains("id=\"timeline\"")
                && card.contains("entry-LEAD") && card.contains("Интересуется"), card);
        HttpResponse<String> noText = server.send(admin.form("/admin/persons/" + personId + "/log?lang=en",
                "kind", "CALL", "text", ""));
        assertEquals(422, noText.statusCode());
        assertTrue(noText.body().contains("id=\"error-text\""), noText.body());
        assertEquals(303, server.send(admin.form("/admin/persons/" + personId + "/log", "kind", "CALL",
                "text", "Called about the autumn start")).statusCode());
        assertTrue(server.send(admin.request("/admin/persons/" + personId + "?kind=CALL")).body()
                .contains("Called about the autumn start"));
        assertFalse(server.send(admin.request("/admin/persons/" + personId + "?kind=CALL")).body()
                .contains("entry-LEAD"));

        HttpResponse<String> created = server.send(admin.form("/admin/crm/lead-sources?lang=en", "name", "Partner site"));
        assertEquals(201, created.statusCode());
        assertTrue(created.body().contains("id=\"key\">mlk_"), created.body());
        assertEquals(422, server.send(admin.form("/admin/crm/lead-sources?lang=en", "name", " ")).statusCode());
    }

    @Test
    void leadsGivenUpOnAreListedForAManagerWhoTriesThemAgainOrThrowsThemAway() throws Exception {
        long source = JSON.readTree(server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(body(Map.of("name", "Broken site")))).body()).path("source").path("id").asLong();
        String email = "given-up-" + UUID.randomUUID() + "@example.org";
        // a lead the worker could not write five times (its cause since mended), and one past mending
        String lead = JSON.writeValueAsString(Map.ofEntries(Map.entry("newPerson", UUID.randomUUID().toString()),
                Map.entry("lastName", "Отложенная"), Map.entry("firstName", "Анна"), Map.entry("middleName", ""),
                Map.entry("fullName", "Отложенная Анна"), Map.entry("email", email), Map.entry("phone", ""),
                Map.entry("contacts", Map.of(email, "EMAIL")), Map.entry("consents", Map.of("PROCESSING", true)),
                Map.entry("touch", "{}"), Map.entry("at", "2026-12-01T10:00:00Z"),
                Map.entry("origin", "lead: Broken site"), Map.entry("summary", "Курсы"), Map.entry("details", "{}")));
        long mended = givenUp(source, lead);
        long hopeless = givenUp(source, "{\"newPerson\": 42}");
        Session manager = TestSessions.open(server, "CRM_MANAGER");

        String sources = server.send(manager.request("/admin/crm/lead-sources?lang=en")).body();
        assertTrue(sources.contains("href=\"/admin/crm/lead-sources/failed\""), sources);
        String page = server.send(manager.request("/admin/crm/lead-sources/failed?lang=en")).body();
        assertTrue(page.contains("id=\"failed-lead-" + mended + "\"") && page.contains(email)
                && page.contains("Broken site") && page.contains("Throw this lead away"), page);
        assertEquals(403, server.send(TestSessions.applicant(server).request("/admin/crm/lead-sources/failed")).statusCode());

        HttpResponse<String> retried = server.send(manager.form("/admin/crm/lead-sources/failed/" + mended + "/retry"));
        assertEquals(303, retried.statusCode(), retried.body());
        server.awaitLeadsWritten();
        await("the person of the lead tried again", () -> person(email), id -> id != null);
        assertEquals(303, server.send(manager.form("/admin/crm/lead-sources/failed/" + hopeless + "/discard")).statusCode());
        assertEquals(404, server.send(manager.form("/admin/crm/lead-sources/failed/" + hopeless + "/discard")).statusCode());
        assertTrue(server.send(manager.request("/admin/crm/lead-sources/failed?lang=en")).body()
                .contains("id=\"no-failed-leads\""));
    }

    private static long givenUp(long source, String lead) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lead_inbox (source_id, lead, attempts, failure)
                VALUES (:source, CAST(:lead AS json), 5, 'duplicate key value violates unique constraint') RETURNING id""")
                .bind("source", source).bind("lead", lead).mapTo(Long.class).one());
    }

    @Test
    void organizationsHoldPersonsByRoleWithTheirFigures() throws Exception {
        String name = "Acme " + UUID.randomUUID();
        HttpResponse<String> bad = server.send(admin.json("/api/v1/crm/organizations")
                .POST(body(Map.of("name", "", "kind", "GUILD", "email", "nope"))));
        assertEquals(422, bad.statusCode());
        List<String> fields = new ArrayList<>();
        JSON.readTree(bad.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        assertEquals(List.of("name", "kind", "email"), fields);
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/organizations")
                .POST(body(Map.of("name", name, "kind", "EMPLOYER", "phone", "8 495 123-45-67"))));
        assertEquals(201, created.statusCode(), created.body());
        long id = JSON.readTree(created.body()).path("id").asLong();
        assertEquals("+74951234567", JSON.readTree(created.body()).path("phone").asText());
        String email = "employee-" + UUID.randomUUID() + "@example.org";
        String personId = leadPerson("Работников", "Олег", email);
        HttpResponse<String> linked = server.send(admin.json("/api/v1/crm/organizations/" + id + "/members")
                .POST(body(Map.of("person", personId, "role", "EMPLOYEE"))));
        assertEquals(200, linked.statusCode(), linked.body());
        assertEquals(422, server.send(admin.json("/api/v1/crm/organizations/" + id + "/members")
                .POST(body(Map.of("person", personId, "role", "BOSS")))).statusCode());
        assertEquals(name, card(personId).path("organizations").path(0).path("organization").asText());

        HttpResponse<String> form = server.send(admin.form("/admin/organizations/" + id + "/members?lang=en",
                "email", "nobody-" + UUID.randomUUID() + "@example.org", "role", "STUDENT"));
        assertEquals(422, form.statusCode());
        assertTrue(form.body().contains("id=\"error-email\""), form.body());
        String page = server.send(admin.request("/admin/organizations/" + id + "?lang=en")).body();
        assertTrue(page.contains("/admin/persons/" + personId) && page.contains("Employee")
                && page.contains("interested"), page);
        String list = server.send(admin.request("/admin/organizations?q=" + name.replace(" ", "+") + "&lang=en")).body();
        assertTrue(list.contains("href=\"/admin/organizations/new\""), "the list links to the form that adds one");
        assertTrue(list.contains("/admin/organizations/" + id) && list.contains("Employer"), list);
        HttpResponse<String> viaForm = server.send(admin.form("/admin/organizations?lang=en", "name", "Uni "
                + UUID.randomUUID(), "kind", "UNIVERSITY"));
        assertEquals(303, viaForm.statusCode(), viaForm.body());
        assertEquals(422, server.send(admin.form("/admin/organizations?lang=en", "name", name, "kind", "EMPLOYER"))
                .statusCode(), "the name is taken");
    }

    // --- helpers

    static boolean hasPair(JsonNode pairs, String a, String b, String reason) {
        for (JsonNode pair : pairs) {
            boolean same = (pair.path("first").asText().equals(a) && pair.path("second").asText().equals(b))
                    || (pair.path("first").asText().equals(b) && pair.path("second").asText().equals(a));
            if (same && pair.path("reason").asText().equals(reason)) {
                return true;
            }
        }
        return false;
    }

    static String leadPerson(String lastName, String firstName, String email) throws Exception {
        String key = newSource("Source " + UUID.randomUUID()).path("key").asText();
        HttpResponse<String> response = lead(key, Map.of("lastName", lastName, "firstName", firstName, "email", email,
                "consentProcessing", true));
        assertEquals(202, response.statusCode(), response.body());
        server.awaitLeadsWritten();
        return person(email.toLowerCase());
    }

    static JsonNode newSource(String name) throws Exception {
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lead-sources").POST(body(Map.of("name", name))));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body());
    }

    private static List<String> purposes(JsonNode card) {
        List<String> purposes = new ArrayList<>();
        card.path("consents").forEach(consent -> purposes.add(consent.path("purpose").asText()));
        return purposes;
    }

    static HttpResponse<String> lead(String key, Map<String, Object> lead) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/leads?lang=en"))
                .header("Content-Type", "application/json").POST(body(lead));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return server.send(request);
    }

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }

    static String person(String email) {
        try {
            JsonNode found = JSON.readTree(server.send(admin.json("/api/v1/crm/persons?email="
                    + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8))).body());
            return found.path("persons").size() == 0 ? null : found.path("persons").path(0).asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode card(String personId) {
        try {
            HttpResponse<String> response = server.send(admin.json("/api/v1/crm/persons/" + personId));
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode timeline(String personId, String query) {
        try {
            HttpResponse<String> response = server.send(admin.json("/api/v1/crm/persons/" + personId + "/timeline"
                    + query));
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kinds of a person's entries, oldest first. */
    static List<String> kinds(String personId, String kind) {
        JsonNode entries = timeline(personId, "?size=500" + (kind.isEmpty() ? "" : "&kind=" + kind)).path("entries");
        List<String> kinds = new ArrayList<>();
        entries.forEach(entry -> kinds.add(0, entry.path("kind").asText()));
        return kinds;
    }

    static String submit(Session session, Map<String, String> values) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("project", "crm");
        body.put("program", program.code());
        body.put("values", values);
        HttpResponse<String> created = server.send(session.json("/api/me/declarations").POST(body(body)));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("id").asText();
    }

    static void changeStatus(String id, String status) throws Exception {
        HttpResponse<String> changed = server.send(admin.json("/api/v1/admin/declarations/" + id + "/status")
                .POST(body(Map.of("status", status, "comment", "by the office"))));
        assertEquals(200, changed.statusCode(), changed.body());
    }

    interface Check<T> {
        T get() throws Exception;
    }

    static <T> T await(String what, Check<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited in vain for " + what + ": " + value);
            }
            Thread.sleep(100);
            value = read.get();
        }
        return value;
    }

    static void assertThrowsSql(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException expected) {
            assertTrue(String.valueOf(expected.getMessage()).contains("cannot be changed"), expected.getMessage());
            return;
        }
        throw new AssertionError("the change went through");
    }

    static void assertDifferent(String a, String b) {
        assertNotEquals(a, b);
    }
}
