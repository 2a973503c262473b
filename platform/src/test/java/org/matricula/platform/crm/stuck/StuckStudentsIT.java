package org.matricula.platform.crm.stuck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestDeclarations;
import org.matricula.platform.testing.TestSessions;

/**
 * Each stuck-student rule raises its flag (with a STUCK timeline entry) on an enrolled student it
 * holds for and clears it (UNSTUCK) once the cause goes: no progress for N days, behind the pace
 * of the course's dates, an instalment overdue by N days. The list filters by program and curator,
 * the card shows the flag, and bad rules are refused with 422 per field.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StuckStudentsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());

    static Jdbi jdbi;
    static StuckStudents stuck;
    static long program;
    static UUID student;
    static String email;
    static TestSessions.Session admin;

    @BeforeAll
    static void setUp() {
        jdbi = server.platform().database().jdbi();
        stuck = StuckModule.service(jdbi, Clock.systemUTC());
        admin = TestSessions.admin(server);
        String slug = "stuck-" + UUID.randomUUID().toString().substring(0, 8);
        long project = jdbi.withHandle(h -> h.createQuery("INSERT INTO projects (slug, name, family_id)"
                + " VALUES (:slug, 'Stuck project', 'demo') RETURNING id").bind("slug", slug).mapTo(Long.class).one());
        program = jdbi.withHandle(h -> h.createQuery("INSERT INTO programs (code, name) VALUES (:code, 'Pace course')"
                + " RETURNING id").bind("code", slug).mapTo(Long.class).one());
        UUID declaration = TestDeclarations.insert(jdbi, project, program, "ENROLLED",
                OffsetDateTime.now().minusDays(30));
        email = slug + "@example.org";
        student = jdbi.withHandle(h -> {
            UUID id = h.createQuery("INSERT INTO persons (first_name, full_name, email, manager_id)"
                    + " VALUES ('Slow', 'Slow Student', :email, :manager) RETURNING id").bind("email", email)
                    .bind("manager", admin.accountId()).mapTo(UUID.class).one();
            h.execute("INSERT INTO person_contacts (person_id, kind, value) VALUES (?, 'EMAIL', ?)", id, email);
            h.execute("INSERT INTO person_declarations (declaration_id, person_id) VALUES (?, ?)", declaration, id);
            h.execute("INSERT INTO declaration_history (declaration_id, from_status, to_status, created_at)"
                    + " VALUES (?, 'ACCEPTED', 'ENROLLED', now() - interval '20 days')", declaration);
            return id;
        });
    }

    @Test
    @Order(1)
    void noProgressRaisesAndClears() {
        long rule = rule(Map.of("program", Long.toString(program), "kind", "NO_PROGRESS", "days", "14"));
        evaluate();
        assertTrue(open(rule), "enrolled 20 days ago, nothing since");
        assertEquals(1, entries("STUCK", rule));
        statement(5, 0);
        evaluate();
        assertFalse(open(rule), "a statement today: no longer stuck");
        assertEquals(1, entries("UNSTUCK", rule));
        delete(rule);
    }

    @Test
    void behindThePaceRaisesAndClears() {
        LocalDate today = LocalDate.now(org.matricula.platform.i18n.TimeDisplay.zone());
        long rule = rule(Map.of("program", Long.toString(program), "kind", "BEHIND_PACE",
                "startsOn", today.minusDays(50).toString(), "endsOn", today.plusDays(50).toString(), "tolerance", "10"));
        statement(20, 1); // 20% where 50% is expected
        evaluate();
        assertTrue(open(rule));
        String page = server.send(admin.request("/admin/persons/" + student + "?lang=en")).body();
        assertTrue(page.contains("id=\"stuck-flag\"") && page.contains("Progress 20% where 50% is expected"), page);
        statement(45, 0); // within the tolerance
        evaluate();
        assertFalse(open(rule));
        delete(rule);
    }

    @Test
    void overdueInstalmentRaisesAndClears() throws Exception {
        long rule = rule(Map.of("program", Long.toString(program), "kind", "OVERDUE", "days", "10"));
        int year = 2090 + (int) (System.nanoTime() % 9);
        // Days counted in the platform's time zone, as the rule counts them (the database's date is UTC's).
        LocalDate today = LocalDate.now(org.matricula.platform.i18n.TimeDisplay.zone());
        UUID invoice = jdbi.withHandle(h -> {
            UUID id = h.createQuery("""
                    INSERT INTO invoices (year, seq, number, person_id, program_id, issued_on, subtotal, total, paid,
                                          status)
                    VALUES (:year, 1, :number, :person, :program, :issued, 1000, 1000, 0, 'ISSUED')
                    RETURNING id""").bind("year", year).bind("number", "ST-" + UUID.randomUUID())
                    .bind("person", student).bind("program", program).bind("issued", today.minusDays(40))
                    .mapTo(UUID.class).one();
            h.execute("INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)"
                    + " VALUES (?, 1, ?, 1000)", id, today.minusDays(20));
            return id;
        });
        evaluate();
        assertTrue(open(rule), "20 days overdue");

        JsonNode listed = JSON.readTree(server.send(admin.json("/api/v1/crm/stuck?program=" + program + "&curator="
                + admin.accountId())).body()).path("stuck");
        assertTrue(listed.toString().contains(student.toString()) && listed.toString().contains("OVERDUE"),
                listed.toString());
        assertEquals(0, JSON.readTree(server.send(admin.json("/api/v1/crm/stuck?program=" + program + "&curator="
                + UUID.randomUUID())).body()).path("stuck").size(), "another curator's list");
        String screen = server.send(admin.request("/admin/stuck?lang=en&program=" + program)).body();
        assertTrue(screen.contains("Slow Student") && screen.contains("an instalment overdue by 20 days"), screen);

        jdbi.useHandle(h -> h.execute("UPDATE invoices SET paid = total, status = 'PAID' WHERE id = ?", invoice));
        evaluate();
        assertFalse(open(rule), "paid: the flag clears");
        delete(rule);
    }

    @Test
    void badRulesAreRefusedPerField() {
        HttpResponse<String> bad = server.send(admin.json("/api/v1/crm/stuck/rules").POST(body(Map.of(
                "program", "0", "kind", "BEHIND_PACE", "startsOn", "soon", "endsOn", "never"))));
        assertEquals(422, bad.statusCode(), bad.body());
        for (String field : List.of("program", "startsOn", "endsOn")) {
            assertTrue(bad.body().contains("\"" + field + "\""), field + " in " + bad.body());
        }
        HttpResponse<String> far = server.send(admin.json("/api/v1/crm/stuck/rules?lang=en").POST(body(Map.of(
                "program", Long.toString(program), "kind", "BEHIND_PACE", "startsOn", "-5000-01-01",
                "endsOn", "+999999999-12-31"))));
        assertEquals(422, far.statusCode(), far.body());
        assertTrue(far.body().contains("\"startsOn\"") && far.body().contains("\"endsOn\"")
                && far.body().contains("9999-12-31"), far.body());
        HttpResponse<String> form = server.send(admin.form("/admin/stuck/rules?lang=en", "program",
                Long.toString(program), "kind", "NO_PROGRESS", "days", "0"));
        assertEquals(422, form.statusCode());
        assertTrue(form.body().contains("error-days"), form.body());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theProgramsCuratorIsSetOnItsScreenListedFilteredAndGivenTheStuckTask() throws Exception {
        TestSessions.Session curator = TestSessions.open(server, "CRM_MANAGER");
        String curatorEmail = curator.email();
        HttpResponse<String> refused = server.send(admin.form("/admin/programs/" + program + "/curator?lang=en",
                "curator", TestSessions.applicant(server).accountId().toString()));
        assertEquals(422, refused.statusCode(), "an applicant cannot curate");
        HttpResponse<String> saved = server.send(admin.form("/admin/programs/" + program + "/curator?lang=en",
                "curator", curator.accountId().toString()));
        assertEquals(303, saved.statusCode(), saved.body());
        String screen = server.send(admin.request("/admin/programs/" + program + "?lang=en")).body();
        assertTrue(screen.contains("<option value=\"" + curator.accountId() + "\" selected>" + curatorEmail),
                "the curator chosen on the program's screen");

        long scenario = JSON.readTree(server.send(admin.json("/api/v1/crm/scenarios").POST(body(Map.of("name",
                "Stuck: tell the curator", "trigger", Map.of("type", "STUCK"), "steps", List.of(Map.of("type", "TASK",
                        "title", "Help {{fullName}}", "assignee", "curator")))))).body()).path("id").asLong();
        long rule = rule(Map.of("program", Long.toString(program), "kind", "NO_PROGRESS", "days", "14"));
        jdbi.useHandle(h -> h.execute("DELETE FROM xapi_statements WHERE actor_email = ?", email));
        evaluate();
        assertTrue(open(rule));

        JsonNode mine = JSON.readTree(server.send(admin.json("/api/v1/crm/stuck?program=" + program + "&curator="
                + curator.accountId())).body()).path("stuck");
        assertEquals(1, mine.size(), mine.toString());
        assertEquals(curator.accountId().toString(), mine.get(0).path("curator").asText());
        assertEquals(0, JSON.readTree(server.send(admin.json("/api/v1/crm/stuck?program=" + program + "&curator="
                + admin.accountId())).body()).path("stuck").size(), "the program's curator, not the person's manager");
        String list = server.send(admin.request("/admin/stuck?lang=en&curator=" + curator.accountId())).body();
        assertTrue(list.contains("Slow Student") && list.contains(curatorEmail), list);

        long deadline = System.nanoTime() + 60_000_000_000L;
        UUID assignee = null;
        while (assignee == null && System.nanoTime() < deadline) {
            assignee = jdbi.withHandle(h -> h.createQuery("SELECT t.assignee_id FROM crm_tasks t WHERE t.person_id = :p"
                    + " AND t.title = 'Help Slow Student'").bind("p", student).mapTo(UUID.class).findOne().orElse(null));
            Thread.sleep(200);
        }
        assertEquals(curator.accountId(), assignee, "the stuck scenario's task went to the program's curator");

        assertEquals(303, server.send(admin.form("/admin/programs/" + program + "/curator", "curator", ""))
                .statusCode());
        assertEquals(200, server.send(admin.json("/api/v1/crm/scenarios/" + scenario + "/enabled?enabled=false")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        delete(rule);
    }

    /** Evaluates the rules, waiting for the platform's own periodic evaluation when it holds the lock. */
    static void evaluate() {
        for (int i = 0; i < 100 && !stuck.evaluate().ran(); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static long rule(Map<String, String> fields) {
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/stuck/rules").POST(body(fields)));
        assertEquals(201, created.statusCode(), created.body());
        try {
            return JSON.readTree(created.body()).path("id").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(long rule) {
        assertEquals(204, server.send(admin.json("/api/v1/crm/stuck/rules/" + rule).DELETE()).statusCode());
    }

    static boolean open(long rule) {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM stuck_flags WHERE rule_id = :r"
                + " AND person_id = :p AND cleared_at IS NULL)").bind("r", rule).bind("p", student)
                .mapTo(Boolean.class).one());
    }

    static int entries(String kind, long rule) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM timeline_entries WHERE person_id = :p"
                + " AND kind = :k AND source_ref LIKE :ref AND (details ->> 'flag')::bigint IN"
                + " (SELECT id FROM stuck_flags WHERE rule_id = :r)").bind("p", student).bind("k", kind)
                .bind("ref", kind.equals("STUCK") ? "stuck:%" : "unstuck:%").bind("r", rule).mapTo(Integer.class).one());
    }

    /** An xAPI statement from the student's address with a progress, {@code daysAgo} days ago. */
    static void statement(int progress, int daysAgo) {
        jdbi.useHandle(h -> h.execute("INSERT INTO xapi_statements (id, actor, actor_email, verb, object_id, progress,"
                + " occurred_at, body) VALUES (?, ?, ?, 'http://adlnet.gov/expapi/verbs/progressed', 'urn:course',"
                + " ?, now() - make_interval(days => ?), '{}')", UUID.randomUUID(), "mailto:" + email, email,
                (short) progress, daysAgo));
    }

    static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
