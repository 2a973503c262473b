package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Task reminders and "my tasks": the assignee is mailed once through the outbox when a task's
 * reminder time comes (by default the morning of its due date), with two nodes and one of them
 * restarting; overdue open tasks come first and are marked; done and undone from "my tasks".
 */
class TaskRemindersIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId ZONE = ZoneId.of("Europe/Moscow");

    static Map<String, String> settings;
    static RunningPlatform nodeA;
    static RunningPlatform nodeB;
    static Jdbi jdbi;
    static Session admin;

    @BeforeAll
    static void start() {
        settings = new HashMap<>(Map.of("db.url", TestPostgres.newDatabase(), "outbox.poll-interval", "100ms",
                "crm.feed-interval", "200ms", "app.time-zone", ZONE.getId()));
        nodeA = RunningPlatform.start(settings);
        nodeB = RunningPlatform.start(settings);
        jdbi = nodeA.platform().database().jdbi();
        admin = TestSessions.admin(nodeA);
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
    }

    @Test
    void eachReminderIsMailedOnceAcrossTwoNodesAndARestart() throws Exception {
        Session manager = TestSessions.open(nodeA, "CRM_MANAGER");
        String person = CrmAccessIT.leadVia(nodeA, admin, "Напоминаева", "remind-" + UUID.randomUUID() + "@example.org");
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String soon = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).toString();
        List<Long> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tasks.add(task(nodeA, admin, person, Map.of("title", "Call " + marker + " #" + i, "assignee",
                    manager.email(), "remind", soon)));
        }
        long done = task(nodeA, admin, person, Map.of("title", "Done before " + marker, "assignee", manager.email(),
                "remind", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString()));
        assertEquals(200, nodeA.send(admin.json("/api/v1/crm/persons/" + person + "/tasks/" + done + "/done")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        jdbi.useHandle(h -> h.execute("UPDATE crm_tasks SET remind_at = now() - interval '1 minute' WHERE id = ?",
                done)); // its time passes while it is done

        nodeB.close(); // a node goes away while the reminders fall due...
        nodeB = RunningPlatform.start(settings); // ...and comes back
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (reminded(tasks) < tasks.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(tasks.size(), reminded(tasks), "every reminder went");
        Thread.sleep(1500); // both nodes tick several times more
        List<String> subjects = jdbi.withHandle(h -> h.createQuery("""
                SELECT payload->>'subject' FROM outbox WHERE kind = 'mail' AND payload->>'to' = :to
                AND payload->>'subject' LIKE '%' || :marker || '%'""")
                .bind("to", manager.email()).bind("marker", marker).mapTo(String.class).list());
        assertEquals(tasks.size(), subjects.size(), "one mail per task, not more: " + subjects);
        assertEquals(tasks.size(), subjects.stream().distinct().count(), subjects.toString());
        assertFalse(subjects.stream().anyMatch(subject -> subject.contains("Done before")), "a done task is not reminded");
        String body = jdbi.withHandle(h -> h.createQuery("""
                SELECT payload->>'body' FROM outbox WHERE kind = 'mail' AND payload->>'to' = :to LIMIT 1""")
                .bind("to", manager.email()).mapTo(String.class).one());
        assertTrue(body.contains("/admin/persons/" + person), "the mail leads to the person: " + body);
    }

    @Test
    void aReminderDefaultsToTheDueDatesMorningAndMayBeSetOrLeftOut() throws Exception {
        String person = CrmAccessIT.leadVia(nodeA, admin, "Срокова", "due-" + UUID.randomUUID() + "@example.org");
        long byDefault = task(nodeA, admin, person, Map.of("title", "Send the contract", "due", "2030-01-15"));
        assertEquals(LocalDate.of(2030, 1, 15).atTime(9, 0).atZone(ZONE).toInstant(), remindAt(byDefault),
                "9:00 of the due date in the platform's time zone");
        long explicit = task(nodeA, admin, person, Map.of("title", "Call at lunch", "due", "2030-01-15",
                "remind", "2030-01-14T13:30"));
        assertEquals(LocalDate.of(2030, 1, 14).atTime(13, 30).atZone(ZONE).toInstant(), remindAt(explicit));
        long none = task(nodeA, admin, person, Map.of("title", "No reminder", "due", "2030-01-15", "remind", "none"));
        assertNull(remindAt(none));
        long undated = task(nodeA, admin, person, Map.of("title", "Some day"));
        assertNull(remindAt(undated), "no due date, no reminder");

        HttpResponse<String> wrong = nodeA.send(admin.json("/api/v1/crm/persons/" + person + "/tasks?lang=en")
                .POST(CrmAccessIT.body(Map.of("title", "Bad", "remind", "tomorrow morning"))));
        assertEquals(422, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("remind"), wrong.body());
        HttpResponse<String> form = nodeA.send(admin.form("/admin/persons/" + person + "/tasks?lang=en", "title", "Bad",
                "remind", "13:30"));
        assertEquals(422, form.statusCode(), "the card's form says what is wrong");
        assertTrue(form.body().contains("2026-12-31T14:30"), form.body());
    }

    @Test
    void myTasksListsMyOpenTasksOverdueFirstAndDoesAndUndoesThem() throws Exception {
        Session manager = TestSessions.open(nodeA, "CRM_MANAGER");
        Session colleague = TestSessions.open(nodeA, "CRM_MANAGER");
        String person = CrmAccessIT.leadVia(nodeA, admin, "Задачина", "mine-" + UUID.randomUUID() + "@example.org");
        String yesterday = LocalDate.now(ZONE).minusDays(1).toString();
        long later = task(nodeA, admin, person, Map.of("title", "Later task", "assignee", manager.email(),
                "due", LocalDate.now(ZONE).plusDays(5).toString(), "remind", "none"));
        long overdue = task(nodeA, admin, person, Map.of("title", "Overdue task", "assignee", manager.email(),
                "due", yesterday, "remind", "none"));
        long theirs = task(nodeA, admin, person, Map.of("title", "Not mine", "assignee", colleague.email()));

        JsonNode mine = JSON.readTree(nodeA.send(manager.json("/api/v1/crm/tasks")).body()).path("tasks");
        assertEquals(2, mine.size(), mine.toString());
        assertEquals(overdue, mine.path(0).path("id").asLong(), "overdue first: " + mine);
        assertTrue(mine.path(0).path("overdue").asBoolean());
        assertFalse(mine.path(1).path("overdue").asBoolean());
        assertEquals(person, mine.path(0).path("personId").asText());

        HttpResponse<String> page = nodeA.send(manager.request("/admin/tasks?lang=en"));
        assertEquals(200, page.statusCode(), page.body());
        String html = page.body();
        assertTrue(html.contains("id=\"admin-tasks\""), "the menu leads here");
        assertTrue(html.contains("id=\"admin-tasks-badge\">2<"), "with a count of my open tasks: " + html);
        assertTrue(html.indexOf("id=\"task-" + overdue + "\"") < html.indexOf("id=\"task-" + later + "\"")
                && html.indexOf("id=\"task-" + overdue + "\"") > 0, html);
        assertTrue(html.contains("class=\"mb-2 overdue\"") && html.contains("Overdue"), html);
        assertTrue(html.contains("href=\"/admin/persons/" + person + "\""), "each task leads to its person");
        assertFalse(html.contains("Not mine"), html);
        assertTrue(nodeA.send(admin.request("/admin/persons/" + person + "?lang=en")).body().contains("Overdue"),
                "the card marks it too");

        HttpResponse<String> done = nodeA.send(manager.form("/admin/tasks/" + overdue + "/done"));
        assertEquals(303, done.statusCode(), done.body());
        assertTrue(done.headers().allValues("set-cookie").stream().anyMatch(cookie -> cookie.contains("flash.crm.taskDone")),
                "a flash says it is done: " + done.headers().map());
        String after = nodeA.send(manager.request("/admin/tasks?lang=en")).body();
        assertFalse(after.contains("id=\"task-" + overdue + "\""), after);
        assertTrue(after.contains("id=\"done-" + overdue + "\""), "listed as done, to undo: " + after);
        HttpResponse<String> undo = nodeA.send(manager.form("/admin/tasks/" + overdue + "/undo"));
        assertEquals(303, undo.statusCode());
        assertTrue(nodeA.send(manager.request("/admin/tasks?lang=en")).body().contains("id=\"task-" + overdue + "\""));
        List<String> steps = jdbi.withHandle(h -> h.createQuery("""
                SELECT details->>'done' FROM timeline_entries WHERE kind = 'TASK' AND (details->>'task')::bigint = :task
                AND details->>'done' IS NOT NULL ORDER BY id""").bind("task", overdue).mapTo(String.class).list());
        assertEquals(List.of("true", "false"), steps, "done and undone are on the timeline");

        assertEquals(404, nodeA.send(manager.form("/admin/tasks/" + theirs + "/done")).statusCode(),
                "another's task is not mine to do");
        assertEquals(403, nodeA.send(TestSessions.open(nodeA, "PROJECT_ADMIN").request("/admin/tasks")).statusCode());
    }

    static long task(RunningPlatform node, Session session, String person, Map<String, Object> input)
            throws Exception {
        HttpResponse<String> created = node.send(session.json("/api/v1/crm/persons/" + person + "/tasks?lang=en")
                .POST(CrmAccessIT.body(input)));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("id").asLong();
    }

    static Instant remindAt(long task) {
        return jdbi.withHandle(h -> h.createQuery("SELECT remind_at FROM crm_tasks WHERE id = :id").bind("id", task)
                .mapTo(Instant.class).one());
    }

    static int reminded(List<Long> tasks) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM crm_tasks WHERE id = ANY(:ids) AND reminded_at IS NOT NULL")
                .bindArray("ids", Long.class, tasks.toArray()).mapTo(Integer.class).one());
    }
}
