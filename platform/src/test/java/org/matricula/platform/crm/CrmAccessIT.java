package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Who sees which persons of the CRM: project admins the applicants of their projects (read only,
 * their projects' declarations only), coordinators their organizations' persons (progress and
 * figures), everyone else outside the scope gets 404; and that CRM writes are audited and an
 * erasure takes every CRM row of the person while keeping the money rows.
 */
class CrmAccessIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;
    static long projectA;
    static long projectB;
    static Program programA;
    static Program programB;

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("access-school", "1.0.0").pluginClass(FixturePlugin.class).extension(PersonalFamily.class)
                .writeTo(server.pluginsDir(), "access-school.jar");
        server.awaitFamily("access-school");
        Catalog catalog = new Catalog(jdbi, id -> true);
        projectA = catalog.createProject(new ProjectInput("alpha", "Alpha", "", "access-school", true, "", "")).id();
        projectB = catalog.createProject(new ProjectInput("beta", "Beta", "", "access-school", true, "", "")).id();
        programA = catalog.createProgram(new ProgramInput("alpha-course", "Alpha course", "", true, "", false));
        programB = catalog.createProgram(new ProgramInput("beta-course", "Beta course", "", true, "", false));
        catalog.link(projectA, programA.id());
        catalog.link(projectB, programB.id());
        admin = TestSessions.admin(server);
    }

    @Test
    void aProjectAdminReadsTheApplicantsOfTheirProjectsOnly() throws Exception {
        Session both = TestSessions.applicant(server);
        Session other = TestSessions.applicant(server);
        String inA = submit(both, "alpha", programA, "Альфина", "Анна");
        String inB = submit(both, "beta", programB, "Альфина", "Анна");
        submit(other, "beta", programB, "Бетов", "Борис");
        String mine = await("the first applicant's person", () -> person(both.email()), id -> id != null);
        String theirs = await("the second applicant's person", () -> person(other.email()), id -> id != null);
        await("the declarations linked", () -> declarationsOf(mine), count -> count == 2);

        Session projectAdmin = TestSessions.open(server, "PROJECT_ADMIN");
        jdbi.useHandle(h -> h.execute("INSERT INTO project_admins (account_id, project_id) VALUES (?, ?)",
                projectAdmin.accountId(), projectA));

        HttpResponse<String> list = server.send(projectAdmin.request("/admin/persons?lang=en&size=100"));
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("/admin/persons/" + mine), list.body());
        assertFalse(list.body().contains("/admin/persons/" + theirs), "an applicant of another project is not listed");
        assertTrue(list.body().contains("id=\"admin-persons\""), "the menu leads to the persons");
        assertFalse(list.body().contains("id=\"admin-organizations\""), "and to no other CRM screen");
        String csv = server.send(projectAdmin.request("/admin/persons.csv?scope=all")).body();
        assertTrue(csv.contains(both.email()), csv);
        assertFalse(csv.contains(other.email()), csv);

        HttpResponse<String> card = server.send(projectAdmin.request("/admin/persons/" + mine + "?lang=en"));
        assertEquals(200, card.statusCode(), card.body());
        assertTrue(card.body().contains("/admin/declarations/" + inA), card.body());
        assertFalse(card.body().contains("/admin/declarations/" + inB), "no declaration to another project");
        assertFalse(card.body().contains("id=\"timeline\"") || card.body().contains("id=\"log-entry\""),
                "no timeline and no forms");
        assertEquals(404, server.send(projectAdmin.request("/admin/persons/" + theirs)).statusCode(),
                "outside the scope is not found, not forbidden");
        assertEquals(404, server.send(projectAdmin.request("/admin/persons/" + UUID.randomUUID())).statusCode());

        assertEquals(403, server.send(projectAdmin.form("/admin/persons/" + mine + "/log", "kind", "NOTE",
                "text", "sneaky")).statusCode(), "read only");
        HttpResponse<String> json = server.send(projectAdmin.json("/api/v1/crm/persons/" + mine));
        assertEquals(200, json.statusCode(), json.body());
        JsonNode read = JSON.readTree(json.body());
        assertEquals(mine, read.path("id").asText());
        assertEquals(1, read.path("declarations").size(), "their projects' declarations only: " + json.body());
        assertEquals(inA, read.path("declarations").path(0).path("id").asText());
        assertTrue(read.path("contacts").toString().contains(both.email().toLowerCase()), json.body());
        for (String hidden : List.of("tasks", "moves", "organizations", "courses", "consents", "timeline")) {
            assertTrue(read.path(hidden).isMissingNode(), hidden + " is not on the project admin's card: " + json.body());
        }
        assertEquals(404, server.send(projectAdmin.json("/api/v1/crm/persons/" + theirs)).statusCode(),
                "outside the scope the API answers as the page: not found");
        assertEquals(404, server.send(projectAdmin.json("/api/v1/crm/persons/" + UUID.randomUUID())).statusCode());
        assertEquals(403, server.send(projectAdmin.json("/api/v1/crm/persons/" + mine + "/timeline")).statusCode(),
                "no timeline for project admins");
        String listed = server.send(projectAdmin.json("/api/v1/crm/persons?size=500")).body();
        assertTrue(listed.contains(mine), listed);
        assertFalse(listed.contains(theirs), "the JSON list has the page's scope: " + listed);
        assertEquals("[]", JSON.readTree(server.send(projectAdmin.json("/api/v1/crm/persons?email="
                + other.email())).body()).path("persons").toString(), "a match outside the scope is no match");
        assertEquals(mine, JSON.readTree(server.send(projectAdmin.json("/api/v1/crm/persons?email="
                + both.email())).body()).path("persons").path(0).asText());
        assertEquals(403, server.send(projectAdmin.json("/api/v1/crm/persons/" + mine + "/tasks")
                .POST(body(Map.of("title", "sneaky")))).statusCode(), "read only through the API too");
        assertEquals(403, server.send(projectAdmin.request("/admin/organizations")).statusCode());
        assertEquals(403, server.send(projectAdmin.request("/admin/coordinator")).statusCode());

        Session nothing = TestSessions.open(server, "PROJECT_ADMIN");
        String empty = server.send(nothing.request("/admin/persons.csv?scope=all")).body();
        assertFalse(empty.contains(both.email()) || empty.contains(other.email()), "a project admin of no project sees none");
        assertEquals(404, server.send(nothing.request("/admin/persons/" + mine)).statusCode());
        assertEquals(404, server.send(nothing.json("/api/v1/crm/persons/" + mine)).statusCode());
        assertEquals(0, JSON.readTree(server.send(nothing.json("/api/v1/crm/persons")).body()).path("persons").size());
        assertEquals(200, server.send(admin.request("/admin/persons/" + theirs)).statusCode(), "admins see all");
        JsonNode all = JSON.readTree(server.send(admin.json("/api/v1/crm/persons?size=1")).body());
        assertEquals(1, all.path("persons").size(), all.toString());
        assertTrue(all.path("more").asBoolean(), "admins page through every person: " + all);
        assertEquals(422, server.send(admin.json("/api/v1/crm/persons?size=0")).statusCode());
    }

    @Test
    void aCoordinatorSeesTheProgressAndFiguresOfTheirOrganizationsPersonsOnly() throws Exception {
        String first = "coord-a-" + UUID.randomUUID() + "@example.org";
        String second = "coord-b-" + UUID.randomUUID() + "@example.org";
        String outsider = "coord-c-" + UUID.randomUUID() + "@example.org";
        String key = newSource();
        String p1 = lead(key, "Первая", first);
        String p2 = lead(key, "Вторая", second);
        String p3 = lead(key, "Чужая", outsider);
        long organization = JSON.readTree(server.send(admin.json("/api/v1/crm/organizations").POST(body(Map.of(
                "name", "Coordinated " + UUID.randomUUID(), "kind", "EMPLOYER")))).body()).path("id").asLong();
        for (String person : List.of(p1, p2)) {
            HttpResponse<String> linked = server.send(admin.json("/api/v1/crm/organizations/" + organization
                    + "/members").POST(body(Map.of("person", person, "role", "EMPLOYEE"))));
            assertTrue(linked.statusCode() < 300, linked.body());
        }
        learn(first, "https://lms.example/course/1", "completed", null, 90);
        learn(first, "https://lms.example/course/2", "progressed", 50, 30);
        learn(outsider, "https://lms.example/course/9", "progressed", 10, 600);

        Session coordinator = TestSessions.open(server, "COORDINATOR");
        assertTrue(server.send(coordinator.request("/admin/coordinator?lang=en")).body().contains("id=\"no-organizations\""));
        HttpResponse<String> wrong = server.send(admin.form("/admin/organizations/" + organization
                + "/coordinators?lang=en", "email", admin.email()));
        assertEquals(422, wrong.statusCode(), "only a coordinator's account");
        assertTrue(wrong.body().contains("id=\"error-email\""), wrong.body());
        assertEquals(303, server.send(admin.form("/admin/organizations/" + organization + "/coordinators",
                "email", coordinator.email())).statusCode());
        assertTrue(server.send(admin.request("/admin/organizations/" + organization + "/coordinators")).body()
                .contains(coordinator.email()));

        HttpResponse<String> page = server.send(coordinator.request("/admin/coordinator?lang=en"));
        assertEquals(200, page.statusCode(), page.body());
        String html = page.body();
        assertTrue(html.contains("learner-" + p1) && html.contains("learner-" + p2), html);
        assertFalse(html.contains(p3) || html.contains("Чужая"), "no person of another organization");
        assertTrue(html.contains("class=\"figure-persons\">2<"), html);
        assertTrue(html.contains("class=\"figure-completion\">50 %<"), "one course of two completed: " + html);
        assertTrue(html.contains("class=\"figure-progress\">75 %<"), "(100 + 50) / 2: " + html);
        assertTrue(html.contains("class=\"figure-hours\">2.0<"), "120 minutes: " + html);
        assertTrue(html.contains("class=\"figure-stage-interested\">2<"), html);
        assertTrue(html.contains("id=\"admin-coordinator\""), "the menu leads to the coordinator's page");
        assertFalse(html.contains("id=\"admin-persons\""), "and not to the persons list");

        HttpResponse<String> learner = server.send(coordinator.request("/admin/coordinator/persons/" + p1));
        assertEquals(200, learner.statusCode());
        assertTrue(learner.body().contains("https://lms.example/course/2") || learner.body().contains("course 2"),
                learner.body());
        assertEquals(404, server.send(coordinator.request("/admin/coordinator/persons/" + p3)).statusCode());
        assertEquals(403, server.send(coordinator.request("/admin/persons")).statusCode());
        assertEquals(403, server.send(coordinator.request("/admin/persons/" + p1)).statusCode());
        HttpResponse<String> member = server.send(coordinator.json("/api/v1/crm/persons/" + p1));
        assertEquals(200, member.statusCode(), member.body());
        JsonNode memberJson = JSON.readTree(member.body());
        assertEquals(2, memberJson.path("courses").size(), member.body());
        for (String hidden : List.of("tasks", "moves", "contacts", "declarations", "consents", "email")) {
            assertTrue(memberJson.path(hidden).isMissingNode(), hidden + " is not on the coordinator's page");
        }
        assertEquals(404, server.send(coordinator.json("/api/v1/crm/persons/" + p3)).statusCode());
        assertEquals(403, server.send(coordinator.json("/api/v1/crm/persons/" + p1 + "/timeline")).statusCode());
        String members = server.send(coordinator.json("/api/v1/crm/persons")).body();
        assertTrue(members.contains(p1) && members.contains(p2), members);
        assertFalse(members.contains(p3), members);
        assertEquals(2, JSON.readTree(members).path("persons").size(), members);

        Session another = TestSessions.open(server, "COORDINATOR");
        assertEquals(404, server.send(another.request("/admin/coordinator/persons/" + p1)).statusCode());
        assertEquals(404, server.send(another.json("/api/v1/crm/persons/" + p1)).statusCode());
        assertFalse(server.send(another.request("/admin/coordinator")).body().contains(p1));

        assertEquals(303, server.send(admin.form("/admin/organizations/" + organization + "/coordinators/"
                + coordinator.accountId() + "/remove")).statusCode());
        assertEquals(404, server.send(coordinator.request("/admin/coordinator/persons/" + p1)).statusCode());
        long audited = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM audit_log WHERE actor_id = :admin AND action = 'POST'
                AND target LIKE '/admin/organizations/' || :org || '/coordinators%'""")
                .bind("admin", admin.accountId()).bind("org", String.valueOf(organization)).mapTo(Long.class).one());
        assertEquals(2, audited, "giving and taking away organizations is audited (the refused post changed nothing)");
    }

    @Test
    void everyCrmWriteIsAuditedAndAnErasureTakesAllCrmDataButKeepsTheMoney() throws Exception {
        Session me = TestSessions.applicant(server);
        submit(me, "alpha", programA, "Стёртова", "Ева");
        String person = await("the applicant's person", () -> person(me.email()), id -> id != null);
        String key = newSource();
        assertEquals(person, lead(key, "Стёртова", me.email()), "the lead finds the same person");
        Session manager = TestSessions.open(server, "CRM_MANAGER");
        assertEquals(201, server.send(manager.json("/api/v1/crm/persons/" + person + "/tasks")
                .POST(body(Map.of("title", "Call back")))).statusCode());
        assertEquals(200, server.send(manager.json("/api/v1/crm/persons/" + person + "/stage")
                .POST(body(Map.of("stage", "student", "reason", "paid")))).statusCode());
        assertEquals(303, server.send(manager.form("/admin/persons/" + person + "/log", "kind", "CALL",
                "text", "Called")).statusCode());
        long organization = JSON.readTree(server.send(manager.json("/api/v1/crm/organizations").POST(body(Map.of(
                "name", "Erased Inc " + UUID.randomUUID(), "kind", "EMPLOYER")))).body()).path("id").asLong();
        server.send(manager.json("/api/v1/crm/organizations/" + organization + "/members")
                .POST(body(Map.of("person", person, "role", "STUDENT"))));
        List<String> audited = jdbi.withHandle(h -> h.createQuery(
                "SELECT action || ' ' || target FROM audit_log WHERE actor_id = :actor ORDER BY id")
                .bind("actor", manager.accountId()).mapTo(String.class).list());
        assertEquals(List.of("POST /api/v1/crm/persons/" + person + "/tasks",
                "POST /api/v1/crm/persons/" + person + "/stage", "POST /admin/persons/" + person + "/log",
                "POST /api/v1/crm/organizations", "POST /api/v1/crm/organizations/" + organization + "/members"),
                audited, "every CRM write, by page or API");

        learn(me.email(), "https://lms.example/course/erased", "completed", null, 10);
        UUID id = UUID.fromString(person);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO site_visits (visitor, person_id, url, channel) VALUES (gen_random_uuid(), ?, "
                    + "'https://school.example/', 'direct')", id);
            h.execute("INSERT INTO billing_payers (inn, person_id) VALUES ('7707083893', ?)", id);
            UUID invoice = h.createQuery("""
                    INSERT INTO invoices (year, seq, number, person_id, issued_on, subtotal, total, paid, status)
                    VALUES (2026, 9999, 'ERASE-1', :person, current_date, 100.00, 100.00, 100.00, 'PAID')
                    RETURNING id""").bind("person", id).mapTo(UUID.class).one();
            h.execute("INSERT INTO payments (kind, source, idempotency_key, invoice_id, person_id, amount, received_on) "
                    + "VALUES ('PAYMENT', 'MANUAL', 'erase-test', ?, ?, 100.00, current_date)", invoice, id);
        });

        JsonNode export = JSON.readTree(server.send(me.json("/api/v1/me/data")).body()).path("crm").path(0);
        for (String part : List.of("contacts", "consents", "funnel", "timeline", "tasks", "learning", "organizations",
                "visits", "invoices", "payments")) {
            assertTrue(export.path(part).size() > 0, part + " in the export: " + export);
        }
        assertTrue(export.path("firstTouch").isObject(), "the touches in the export: " + export);

        HttpResponse<String> erased = server.send(admin.json("/api/v1/admin/users/" + me.accountId() + "/erase")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, erased.statusCode(), erased.body());
        for (String table : List.of("persons WHERE id", "person_contacts WHERE person_id", "person_consents WHERE person_id",
                "person_accounts WHERE person_id", "person_declarations WHERE person_id",
                "timeline_entries WHERE person_id", "crm_tasks WHERE person_id", "funnel_moves WHERE person_id",
                "organization_members WHERE person_id", "site_visits WHERE person_id", "billing_payers WHERE person_id",
                "invoices WHERE person_id", "payments WHERE person_id")) {
            long left = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table + " = :id")
                    .bind("id", id).mapTo(Long.class).one());
            assertEquals(0, left, table);
        }
        long statements = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM xapi_statements WHERE actor_email = :e")
                .bind("e", me.email().toLowerCase()).mapTo(Long.class).one());
        assertEquals(0, statements, "the learning record");
        assertEquals(List.of("true 100.00"), jdbi.withHandle(h -> h.createQuery("""
                SELECT i.payer_erased || ' ' || y.amount FROM invoices i JOIN payments y ON y.invoice_id = i.id
                WHERE i.number = 'ERASE-1' AND i.person_id IS NULL AND y.person_id IS NULL""")
                .mapTo(String.class).list()), "the money rows stay for accounting, without the person");
    }

    // ---- helpers

    static String submit(Session session, String project, Program program, String lastName, String firstName)
            throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("project", project);
        body.put("program", program.code());
        body.put("values", Map.of("category", "other", "lastName", lastName, "firstName", firstName,
                "middleName", "Тестовна", "birthDate", "1990-01-02", "sex", "female", "email", session.email(),
                "phone", "+7 912 " + (1_000_000 + (int) (Math.random() * 8_999_999)), "snils", "112-233-445 95"));
        HttpResponse<String> created = server.send(session.json("/api/me/declarations").POST(body(body)));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("id").asText();
    }

    static int declarationsOf(String person) {
        try {
            return JSON.readTree(server.send(admin.json("/api/v1/crm/persons/" + person)).body())
                    .path("declarations").size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String newSource() throws Exception {
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(body(Map.of("name", "Source " + UUID.randomUUID()))));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("key").asText();
    }

    /** A person made from a lead under a new source, on any running platform. */
    static String leadVia(org.matricula.platform.testing.RunningPlatform platform, Session admin, String name,
            String email) throws Exception {
        HttpResponse<String> created = platform.send(admin.json("/api/v1/crm/lead-sources")
                .POST(body(Map.of("name", "Source " + UUID.randomUUID()))));
        String key = JSON.readTree(created.body()).path("key").asText();
        HttpResponse<String> response = platform.send(HttpRequest.newBuilder(platform.uri("/api/v1/leads?lang=en"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(body(Map.of("lastName", name, "firstName", "Тест", "email", email, "consentProcessing", true))));
        assertEquals(202, response.statusCode(), response.body());
        return writtenPerson(platform, email);
    }

    static String lead(String key, String name, String email) throws Exception {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/api/v1/leads?lang=en"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(body(Map.of("lastName", name, "firstName", "Тест", "email", email, "consentProcessing", true))));
        assertEquals(202, response.statusCode(), response.body());
        return writtenPerson(server, email);
    }

    /** The person the leads of that address went to, once they are written. */
    static String writtenPerson(org.matricula.platform.testing.RunningPlatform platform, String email) {
        platform.awaitLeadsWritten();
        return platform.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT person_id::text FROM person_contacts WHERE kind = 'EMAIL' AND value = lower(:email)")
                .bind("email", email).mapTo(String.class).one());
    }

    static void learn(String email, String activity, String verb, Integer progress, int minutes) throws Exception {
        Map<String, Object> entry = new HashMap<>();
        entry.put("email", email);
        entry.put("activityId", activity);
        entry.put("activityName", "");
        entry.put("verb", verb);
        entry.put("progress", progress);
        entry.put("minutes", minutes);
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/learning").POST(body(entry)));
        assertEquals(201, created.statusCode(), created.body());
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

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
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
}
