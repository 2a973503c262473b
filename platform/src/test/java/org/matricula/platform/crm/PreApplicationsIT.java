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
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The rest of the learning record: pre-applications entered by a manager or by the applicant in
 * their office, listed per program by its admins and mailed once when the program opens; and
 * community activity counted by hand and from the LMS's statements.
 */
class PreApplicationsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;
    static long project;
    static Program open;
    static Program upcoming;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        Catalog catalog = new Catalog(jdbi, id -> true);
        project = catalog.createProject(new ProjectInput("gamma", "Gamma", "", "none", true, "", "")).id();
        open = catalog.createProgram(new ProgramInput("gamma-now", "Gamma now", "", true, "", false));
        upcoming = catalog.createProgram(new ProgramInput("gamma-later", "Gamma later", "", false, "", false));
        catalog.link(project, open.id());
        catalog.link(project, upcoming.id());
        admin = TestSessions.admin(server);
    }

    @Test
    void preApplicationsAreListedPerProgramAndMailedOnceWhenItOpens() throws Exception {
        String email = "pre-" + UUID.randomUUID() + "@example.org";
        String person = CrmAccessIT.leadVia(server, admin, "Ждущая", email);
        HttpResponse<String> bad = server.send(admin.form("/admin/persons/" + person + "/pre-applications?lang=en",
                "program", "no-such-program", "startFrom", "someday"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("id=\"error-program\"") && bad.body().contains("id=\"error-startFrom\""),
                bad.body());
        assertEquals(303, server.send(admin.form("/admin/persons/" + person + "/pre-applications",
                "program", "gamma-later", "startFrom", "2027-09-01", "note", "evening group")).statusCode());
        String card = server.send(admin.request("/admin/persons/" + person + "?lang=en")).body();
        assertTrue(card.contains("Gamma later"), card);

        Session applicant = TestSessions.applicant(server);
        CrmAccessIT.await("the applicant's person", () -> jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM person_accounts WHERE account_id = :a").bind("a", applicant.accountId())
                .mapTo(Long.class).one()), count -> count > 0);
        String office = server.send(applicant.request("/office/interest?lang=en")).body();
        assertTrue(office.contains("value=\"gamma-later\"") && !office.contains("value=\"gamma-now\""),
                "only programs not open are offered: " + office);
        assertEquals(422, server.send(applicant.form("/office/interest?lang=en", "program", "gamma-now"))
                .statusCode(), "an open program is applied to, not waited for");
        assertEquals(303, server.send(applicant.form("/office/interest", "program", "gamma-later")).statusCode());
        assertTrue(server.send(applicant.request("/office/interest")).body().contains("Gamma later"));

        Session projectAdmin = TestSessions.open(server, "PROJECT_ADMIN");
        jdbi.useHandle(h -> h.execute("INSERT INTO project_admins (account_id, project_id) VALUES (?, ?)",
                projectAdmin.accountId(), project));
        String listed = server.send(projectAdmin.request("/admin/pre-applications?program=" + upcoming.id()))
                .body();
        assertTrue(listed.contains(email) && listed.contains(applicant.email()), listed);
        assertTrue(listed.contains("id=\"admin-pre-applications\""), "in the project admin's menu");
        Session stranger = TestSessions.open(server, "PROJECT_ADMIN");
        assertEquals(404, server.send(stranger.request("/admin/pre-applications?program=" + upcoming.id()))
                .statusCode(), "another project's program is not found");
        assertEquals(404, server.send(stranger.form("/admin/pre-applications/" + upcoming.id() + "/mail"))
                .statusCode());

        assertEquals(409, server.send(projectAdmin.form("/admin/pre-applications/" + upcoming.id() + "/mail"))
                .statusCode(), "not open yet");
        assertEquals(0, mails(email));
        jdbi.useHandle(h -> h.execute("UPDATE programs SET active = true WHERE id = ?", upcoming.id()));
        assertEquals(303, server.send(projectAdmin.form("/admin/pre-applications/" + upcoming.id() + "/mail"))
                .statusCode());
        assertEquals(303, server.send(admin.form("/admin/pre-applications/" + upcoming.id() + "/mail"))
                .statusCode());
        assertEquals(1, mails(email), "once per person and program");
        assertEquals(1, mails(applicant.email()));
        assertFalse(server.send(projectAdmin.request("/admin/pre-applications?program=" + upcoming.id())).body()
                .contains("class=\"notified\"></td>"), "both marked as mailed");
    }

    @Test
    void preApplicantsAreMailedOnceWithNoButtonWhenTheirProgramOpensWhateverTheNodes() throws Exception {
        Catalog catalog = new Catalog(jdbi, id -> true);
        Program later = catalog.createProgram(new ProgramInput("delta-later", "Delta later", "", false, "", false));
        long closed = catalog.createProject(new ProjectInput("delta", "Delta", "", "none", false, "", ""))
                .id();
        catalog.link(closed, later.id());
        java.util.List<String> emails = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = "delta-" + i + "-" + UUID.randomUUID() + "@example.org";
            emails.add(email);
            String person = CrmAccessIT.leadVia(server, admin, "Ждущий", email);
            assertEquals(303, server.send(admin.form("/admin/persons/" + person + "/pre-applications",
                    "program", "delta-later")).statusCode());
        }
        catalog.updateProgram(later.id(), new ProgramInput("delta-later", "Delta later", "", true, "", false));
        Thread.sleep(2500);
        assertEquals(0, deltaMails(emails.get(0)), "active, but its only project is not");

        // two more nodes' tasks racing the platform's own and the button
        org.matricula.platform.notify.Outbox outbox = new org.matricula.platform.notify.Outbox(jdbi,
                org.matricula.platform.http.JsonMapper.create());
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        catalog.updateProject(closed, new ProjectInput("delta", "Delta", "", "none", true, "", ""), java.util.Locale.ENGLISH);
        java.util.List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(nodes.submit(() -> new org.matricula.platform.crm.interest.OpenedPrograms(
                    new org.matricula.platform.crm.interest.PreApplications(jdbi, outbox)).catchUp()));
        }
        server.send(admin.form("/admin/pre-applications/" + later.id() + "/mail"));
        for (java.util.concurrent.Future<Integer> run : runs) {
            run.get();
        }
        nodes.shutdown();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (emails.stream().anyMatch(email -> deltaMails(email) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(2500);
        for (String email : emails) {
            assertEquals(1, deltaMails(email), "exactly one mail for " + email);
        }
        assertEquals(0L, (long) jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM pre_applications WHERE program_id = :p AND notified_at IS NULL""")
                .bind("p", later.id()).mapTo(Long.class).one()), "all marked mailed");
    }

    static long deltaMails(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = 'mail' "
                + "AND payload ->> 'to' = :to AND payload ->> 'subject' LIKE '%Delta later%'").bind("to", email)
                .mapTo(Long.class).one());
    }

    @Test
    void communityActivityIsCountedByHandAndFromTheLms() throws Exception {
        String email = "forum-" + UUID.randomUUID() + "@example.org";
        String person = CrmAccessIT.leadVia(server, admin, "Активная", email);
        assertEquals(303, server.send(admin.form("/admin/persons/" + person + "/community", "kind", "POST",
                "count", "3")).statusCode());
        HttpResponse<String> bad = server.send(admin.form("/admin/persons/" + person + "/community?lang=en",
                "kind", "LIKE", "count", "-1"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("id=\"error-count\""), bad.body());

        JsonNode client = JSON.readTree(server.send(admin.json("/api/v1/crm/lms-clients")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Forum\"}"))).body());
        String basic = "Basic " + Base64.getEncoder().encodeToString((client.get("key").asText() + ":"
                + client.get("secret").asText()).getBytes(StandardCharsets.UTF_8));
        String statements = "[" + statement(email, "http://id.tincanapi.com/verb/commented") + ","
                + statement(email, "http://id.tincanapi.com/verb/commented") + ","
                + statement(email, "https://w3id.org/xapi/dod-isd/verbs/posted") + "]";
        HttpResponse<String> posted = server.send(HttpRequest.newBuilder(server.uri("/xapi/statements"))
                .header("Authorization", basic).header("X-Experience-API-Version", "1.0.3")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(statements)));
        assertEquals(200, posted.statusCode(), posted.body());

        String card = server.send(admin.request("/admin/persons/" + person)).body();
        assertTrue(card.contains("id=\"posts\">4<"), "3 by hand and 1 from the LMS: " + card);
        assertTrue(card.contains("id=\"comments\">2<"), card);
    }

    @Test
    void statementsOfAnLmsAccountCountForThePersonItIsLinkedTo() throws Exception {
        String email = "account-" + UUID.randomUUID() + "@example.org";
        String person = CrmAccessIT.leadVia(server, admin, "Учётная", email);
        JsonNode client = JSON.readTree(server.send(admin.json("/api/v1/crm/lms-clients")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Stepik\"}"))).body());
        String basic = "Basic " + Base64.getEncoder().encodeToString((client.get("key").asText() + ":"
                + client.get("secret").asText()).getBytes(StandardCharsets.UTF_8));
        String user = "u-" + UUID.randomUUID();
        String course = "https://lms.example.org/course/" + UUID.randomUUID();
        assertEquals(200, xapi(basic, accountStatement(user, course, "progressed",
                "{\"duration\": \"PT20M\", \"extensions\": {\"https://w3id.org/xapi/cmi5/result/extensions/progress\": 40}}"))
                .statusCode());
        assertEquals(0, learning(email).size(), "an account linked to no one counts for no one");

        HttpResponse<String> bad = server.send(admin.form("/admin/learning/accounts?lang=en", "homePage", "lms",
                "name", " ", "person", "nobody@example.org"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("id=\"error-account-homePage\"") && bad.body().contains("id=\"error-account-name\"")
                && bad.body().contains("id=\"error-account-person\""), bad.body());
        assertEquals(303, server.send(admin.form("/admin/learning/accounts", "homePage", "https://lms.example.org",
                "name", user, "person", email.toUpperCase())).statusCode());
        JsonNode before = learning(email);
        assertEquals(1, before.size(), "the statement sent before the link counts now: " + before);
        assertEquals(40, before.get(0).path("progress").asInt());

        assertEquals(200, xapi(basic, accountStatement(user, course, "completed", "{\"completion\": true}"))
                .statusCode());
        assertTrue(learning(email).get(0).path("completed").asBoolean(), "a statement after the link counts at once");
        String card = server.send(admin.request("/admin/persons/" + person)).body();
        assertTrue(card.contains(course) && card.contains("class=\"lms-account\">https://lms.example.org · " + user),
                "on the person's card, with the account: " + card);
        assertTrue(server.send(admin.request("/admin/learning")).body().contains(user), "listed on the page");

        JsonNode linked = JSON.readTree(server.send(admin.json("/api/v1/crm/lms-accounts?person=" + person)).body());
        assertEquals(1, linked.size());
        assertEquals(user, linked.get(0).path("name").asText());
        assertEquals(200, server.send(admin.request("/admin/learning/accounts/" + linked.get(0).path("id").asLong()
                + "/unlink")).statusCode(), "a confirmation first");
        assertEquals(204, server.send(admin.json("/api/v1/crm/lms-accounts/" + linked.get(0).path("id").asLong())
                .DELETE()).statusCode());
        assertEquals(0, learning(email).size(), "unlinked: counted for no one again");
    }

    static String accountStatement(String user, String course, String verb, String result) {
        return "{\"actor\": {\"account\": {\"homePage\": \"https://lms.example.org\", \"name\": \"" + user + "\"}}, "
                + "\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/" + verb + "\"}, "
                + "\"object\": {\"id\": \"" + course + "\"}, \"result\": " + result + "}";
    }

    static HttpResponse<String> xapi(String basic, String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/xapi/statements"))
                .header("Authorization", basic).header("X-Experience-API-Version", "1.0.3")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static JsonNode learning(String email) throws Exception {
        HttpResponse<String> answer = server.send(admin.json("/api/v1/crm/learning?email="
                + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8)));
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    static String statement(String email, String verb) {
        return "{\"actor\": {\"mbox\": \"mailto:" + email + "\"}, \"verb\": {\"id\": \"" + verb + "\"}, "
                + "\"object\": {\"id\": \"https://forum.example.org/t/" + UUID.randomUUID() + "\"}}";
    }

    static long mails(String email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = 'mail' "
                + "AND payload ->> 'to' = :to AND payload ->> 'subject' LIKE '%Gamma later%'").bind("to", email)
                .mapTo(Long.class).one());
    }
}
