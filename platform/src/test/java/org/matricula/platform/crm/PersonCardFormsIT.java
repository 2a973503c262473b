package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The forms of the person card and its neighbours when refused: a person who is no longer there
 * is not found (never a server error), the refused form comes back with what was typed in it and a
 * message per field, and a card's name cannot be cleared by mistake.
 */
class PersonCardFormsIT {

    private static final String NOBODY = "00000000-0000-0000-0000-000000000000";

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
    }

    @Test
    void aPersonWhoIsNotThereIsNotFoundForTasksInterestAndScenarioRuns() throws Exception {
        HttpResponse<String> page = server.send(admin.form("/admin/persons/" + NOBODY + "/tasks?lang=en",
                "title", "t", "assignee", "", "due", "2027-01-01"));
        assertEquals(404, page.statusCode(), page.body());
        HttpResponse<String> api = server.send(admin.json("/api/v1/crm/persons/" + NOBODY + "/tasks")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"t\",\"due\":\"2027-01-01\"}")));
        assertEquals(404, api.statusCode(), api.body());
        assertEquals(0, count("SELECT count(*) FROM crm_tasks WHERE person_id = '" + NOBODY + "'"));

        assertEquals(404, server.send(admin.request("/admin/persons/" + NOBODY + "/interest?lang=en")).statusCode());
        assertEquals(404, server.send(admin.request("/admin/persons/" + admin.accountId() + "/interest?lang=en"))
                .statusCode(), "an account's id is no person's");
        assertEquals(404, server.send(admin.request("/admin/scenarios/persons/" + NOBODY + "?lang=en")).statusCode());

        UUID person = person("Known", "Kate");
        assertEquals(200, server.send(admin.request("/admin/persons/" + person + "/interest?lang=en")).statusCode());
        assertEquals(200, server.send(admin.request("/admin/scenarios/persons/" + person + "?lang=en")).statusCode());
    }

    @Test
    void aRefusedFormOfTheCardComesBackWithWhatWasTyped() throws Exception {
        UUID person = person("Stored", "Sam");
        String card = "/admin/persons/" + person;

        HttpResponse<String> edit = server.send(admin.form(card + "/edit?lang=en", "lastName", "TypedLast",
                "firstName", "TypedFirst", "birthDate", "abc", "tags", "typedtag"));
        assertEquals(422, edit.statusCode());
        String html = edit.body();
        assertEquals("TypedLast", value(html, "lastName"));
        assertEquals("TypedFirst", value(html, "firstName"));
        assertEquals("abc", value(html, "birthDate"));
        assertEquals("typedtag", value(html, "tags-input"));
        assertTrue(html.contains("id=\"error-birthDate\"") && html.contains("id=\"error-summary\"")
                && html.contains("<a href=\"#birthDate\">"), html);
        assertTrue(html.contains("id=\"birthDate\" name=\"birthDate\" type=\"date\" value=\"abc\" aria-invalid=\"true\""),
                html);
        assertEquals("", value(html, "task-title"), "the other forms are as they were");

        String note = "n".repeat(5000);
        HttpResponse<String> log = server.send(admin.form(card + "/log?lang=en", "kind", "CALL", "text", note));
        assertEquals(422, log.statusCode());
        assertTrue(log.body().contains(">" + note + "</textarea>"), "the long note comes back");
        assertTrue(log.body().contains("<option value=\"CALL\" selected>"), log.body());
        assertEquals("Stored", value(log.body(), "lastName"), "the change form shows the stored card");

        HttpResponse<String> task = server.send(admin.form(card + "/tasks?lang=en", "title", "Typed task",
                "assignee", "nobody-" + UUID.randomUUID() + "@example.org", "due", "2027-01-01",
                "remind", "2026-12-31T09:30"));
        assertEquals(422, task.statusCode());
        assertEquals("Typed task", value(task.body(), "task-title"));
        assertTrue(value(task.body(), "task-assignee").startsWith("nobody-"));
        assertEquals("2027-01-01", value(task.body(), "task-due"));
        assertEquals("2026-12-31T09:30", value(task.body(), "task-remind"));
        assertTrue(task.body().contains("id=\"error-task-assignee\""), task.body());

        HttpResponse<String> stage = server.send(admin.form(card + "/stage?lang=en", "stage", "no-such-stage",
                "reason", "Typed reason"));
        assertEquals(422, stage.statusCode());
        assertEquals("Typed reason", value(stage.body(), "stage-reason"));

        String interest = card + "/interest";
        HttpResponse<String> pre = server.send(admin.form(card + "/pre-applications?lang=en", "program", "",
                "startFrom", "not-a-date", "note", "Typed note"));
        assertEquals(422, pre.statusCode());
        assertEquals("not-a-date", value(pre.body(), "interest-startFrom"));
        assertEquals("Typed note", value(pre.body(), "interest-note"));
        HttpResponse<String> community = server.send(admin.form(card + "/community?lang=en", "kind", "COMMENT",
                "count", "abc"));
        assertEquals(422, community.statusCode());
        assertEquals("abc", value(community.body(), "interest-count"));
        assertTrue(community.body().contains("<option value=\"COMMENT\" selected>"), community.body());
        assertEquals("1", value(server.send(admin.request(interest + "?lang=en")).body(), "interest-count"));
    }

    @Test
    void refusedOrganizationLeadSourceAndPasswordFormsComeBackWithWhatWasTyped() throws Exception {
        long organization = jdbi.withHandle(handle -> handle.createQuery(
                "INSERT INTO organizations (name, kind) VALUES (:name, 'EMPLOYER') RETURNING id")
                .bind("name", "Typed Ltd " + UUID.randomUUID()).mapTo(Long.class).one());
        String unknown = "unknown-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> member = server.send(admin.form("/admin/organizations/" + organization
                + "/members?lang=en", "email", unknown, "role", "STUDENT"));
        assertEquals(422, member.statusCode());
        assertEquals(unknown, value(member.body(), "member-email"));
        assertTrue(member.body().contains("<option value=\"STUDENT\" selected>"), member.body());
        HttpResponse<String> coordinator = server.send(admin.form("/admin/organizations/" + organization
                + "/coordinators?lang=en", "email", unknown));
        assertEquals(422, coordinator.statusCode());
        assertEquals(unknown, value(coordinator.body(), "coordinator-email"));

        String longName = "s".repeat(201);
        HttpResponse<String> source = server.send(admin.form("/admin/crm/lead-sources?lang=en", "name", longName));
        assertEquals(422, source.statusCode());
        assertEquals(longName, value(source.body(), "source-name"));

        HttpResponse<String> empty = anonymousForgot("");
        assertEquals(422, empty.statusCode(), empty.body());
        assertTrue(empty.body().contains("id=\"error-email\"")
                && empty.body().contains("Enter the email address you registered with"), empty.body());
        HttpResponse<String> malformed = anonymousForgot("not-an-address");
        assertEquals(422, malformed.statusCode());
        assertEquals("not-an-address", value(malformed.body(), "email"));
    }

    @Test
    void aCardsNameCannotBeClearedButANamelessCardCanStillBeSaved() throws Exception {
        UUID named = person("Named", "Nina");
        HttpResponse<String> cleared = server.send(admin.form("/admin/persons/" + named + "/edit?lang=en",
                "lastName", " ", "firstName", "", "middleName", "", "birthDate", "", "tags", ""));
        assertEquals(422, cleared.statusCode());
        assertTrue(cleared.body().contains("id=\"error-lastName\"")
                && cleared.body().contains("Give a last name or a first name"), cleared.body());
        assertEquals("Named", jdbi.withHandle(handle -> handle.createQuery(
                "SELECT last_name FROM persons WHERE id = :id").bind("id", named).mapTo(String.class).one()));
        assertEquals(303, server.send(admin.form("/admin/persons/" + named + "/edit?lang=en", "lastName", "",
                "firstName", "Nina", "middleName", "", "birthDate", "", "tags", "")).statusCode(),
                "a first name alone is a name");

        UUID nameless = person("", "");
        assertEquals(303, server.send(admin.form("/admin/persons/" + nameless + "/edit?lang=en", "lastName", "",
                "firstName", "", "middleName", "", "birthDate", "", "tags", "vip")).statusCode(),
                "a card that had no name is saved without one");
    }

    private static HttpResponse<String> anonymousForgot(String email) {
        // a guest form: its CSRF token is the cookie a page handed out, sent back in the field too
        HttpResponse<String> login = server.get("/login");
        String csrf = login.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(SessionCookies.CSRF + "="))
                .map(cookie -> cookie.substring(SessionCookies.CSRF.length() + 1).split(";", 2)[0])
                .findFirst().orElseThrow();
        String body = "_csrf=" + csrf + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
        return server.send(HttpRequest.newBuilder(server.uri("/password/forgot?lang=en"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .header("Cookie", SessionCookies.CSRF + "=" + csrf).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static UUID person(String last, String first) {
        Persons persons = new Persons(jdbi);
        return jdbi.inTransaction(handle -> persons.resolve(handle, new Persons.Record(last, first, "", null,
                List.of("card-" + UUID.randomUUID() + "@example.org"), List.of(), "test"), Optional.empty()).id());
    }

    /** The value attribute of the input with that id, unescaped as a browser reads it. */
    private static String value(String html, String id) {
        Matcher input = Pattern.compile("<input id=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
        assertTrue(input.find(), "no input " + id);
        Matcher value = Pattern.compile(" value=\"([^\"]*)\"").matcher(input.group());
        return value.find() ? value.group(1).replace("&quot;", "\"").replace("&amp;", "&") : "";
    }

    private static int count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }
}
