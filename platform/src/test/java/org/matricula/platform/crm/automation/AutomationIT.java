package org.matricula.platform.crm.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.plugins.fixtures.PluginErrors;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.QueryPlans;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.testing.TestSessions;

/**
 * Automation scenarios on two nodes sharing one database: every trigger kind starts its runs
 * once, steps are done once whichever node's outbox worker takes them, a failing webhook is tried
 * again with the same idempotency key, a plugin's action (from a JAR built here) gets earlier
 * steps' outputs and hands its own to a mail, runs stay on the version they started with, admins
 * pause, resume, cancel and retry, files go out and come back as JSON and YAML, bad files answer
 * 422 per field, and a run waiting across a restart of every node finishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutomationIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PLUGIN = "test-actions";
    static GreenMail smtp;
    static HttpServer hooks;
    static final ConcurrentLinkedQueue<Integer> hookStatuses = new ConcurrentLinkedQueue<>();
    static final List<Map<String, String>> hookCalls = java.util.Collections.synchronizedList(new ArrayList<>());
    static Map<String, String> settings;
    static RunningPlatform nodeA;
    static RunningPlatform nodeB;
    static Jdbi jdbi;
    static TestSessions.Session admin;

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> call = new HashMap<>();
            call.put("body", new String(body, StandardCharsets.UTF_8));
            call.put("signature", exchange.getRequestHeaders().getFirst("X-Matricula-Signature"));
            call.put("key", exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            hookCalls.add(call);
            Integer status = hookStatuses.poll();
            byte[] answer = "{\"ticket\":\"T9\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        hooks.start();
        settings = new HashMap<>(Map.of("db.url", TestPostgres.newDatabase(), "mail.smtp.host", "127.0.0.1",
                "mail.smtp.port", Integer.toString(smtp.getSmtp().getPort()), "outbox.poll-interval", "100ms",
                "crm.feed-interval", "300ms", "automation.retry-backoff", "300ms", "outbox.lease", "15s",
                // the test's webhook listens on this machine
                "webhooks.allow-private-targets", "true"));
        nodeA = RunningPlatform.start(settings);
        nodeB = RunningPlatform.start(settings);
        jdbi = nodeA.platform().database().jdbi();
        admin = TestSessions.admin(nodeA);
        for (RunningPlatform node : List.of(nodeA, nodeB)) {
            PluginJar.plugin(PLUGIN, "1.0.0").pluginClass(FixturePlugin.class)
                    .extension(NumberAction.class).extension(ErringAction.class).withClass(PluginErrors.class)
                    .writeTo(node.pluginsDir(), PLUGIN + ".jar");
            await(() -> {
                try {
                    return node.send(admin.json("/api/v1/crm/scenarios/actions")).body()
                            .contains(PLUGIN + "/issue-number");
                } catch (Exception e) {
                    return false;
                }
            }, "the plugin's action on a node", Duration.ofSeconds(60));
        }
    }

    @AfterAll
    static void stop() {
        for (RunningPlatform node : new RunningPlatform[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
        if (hooks != null) {
            hooks.stop(0);
        }
        smtp.stop();
    }

    @Test
    @Order(1)
    void aSegmentStartedByHandOnTwoNodesDoesEachStepOnce() throws Exception {
        String tag = "many-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            people.add(person("Many" + i, tag));
        }
        long segment = segment(tag);
        long scenario = scenario(Map.of("name", "Welcome", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "ADD_TAG", "tag", "welcomed"),
                Map.of("type", "SET_FIELD", "field", "middleName", "value", "M{{firstName}}"),
                Map.of("type", "MOVE_STAGE", "stage", "student", "reason", "welcomed"),
                Map.of("type", "TASK", "title", "Call {{fullName}}", "dueDays", "2"))));
        JsonNode started = JSON.readTree(nodeB.send(admin.json("/api/v1/crm/scenarios/" + scenario + "/start")
                .POST(body(Map.of("segment", Long.toString(segment))))).body());
        assertEquals(40, started.path("started").asInt(), started.toString());
        await(() -> count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + scenario
                + " AND state = 'DONE'") == 40, "every run done", Duration.ofSeconds(90));
        assertEquals(160, count("SELECT count(*) FROM scenario_run_steps s JOIN scenario_runs r ON r.id = s.run_id"
                + " WHERE r.scenario_id = " + scenario + " AND s.state = 'DONE' AND s.attempts = 1"));
        for (String id : people) {
            assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = '" + id + "'"), "moved once");
            assertEquals(1, count("SELECT count(*) FROM crm_tasks WHERE person_id = '" + id + "'"), "one task");
            assertEquals(1, count("SELECT count(*) FROM persons, unnest(tags) t WHERE id = '" + id
                    + "' AND t = 'welcomed'"), "tagged once");
        }
        assertEquals("M" + "Many0", jdbi.withHandle(h -> h.createQuery("SELECT middle_name FROM persons WHERE id ="
                + " CAST(:id AS uuid)").bind("id", people.get(0)).mapTo(String.class).one()));
        assertEquals("Call Many0 MMany0", jdbi.withHandle(h -> h.createQuery("SELECT title FROM crm_tasks WHERE"
                + " person_id = CAST(:id AS uuid)").bind("id", people.get(0)).mapTo(String.class).one()));
        // the run log, per scenario and on the person's page
        String page = nodeA.send(admin.request("/admin/scenarios/" + scenario)).body();
        assertTrue(page.contains("scenario-runs") && page.contains("Many0"), "the runs on the scenario's page");
        String personPage = nodeA.send(admin.request("/admin/persons/" + people.get(0))).body();
        assertTrue(personPage.contains("/admin/scenarios/persons/" + people.get(0)), "the card links its runs");
        String runs = nodeB.send(admin.request("/admin/scenarios/persons/" + people.get(0))).body();
        assertTrue(runs.contains("Welcome"), runs);
        long run = JSON.readTree(nodeA.send(admin.json("/api/v1/crm/scenarios/runs?person=" + people.get(0))).body())
                .path("runs").get(0).path("id").asLong();
        JsonNode log = JSON.readTree(nodeA.send(admin.json("/api/v1/crm/scenarios/runs/" + run)).body());
        assertEquals(4, log.path("steps").size(), log.toString());
        assertEquals("run-" + run + "-step-2-v1", log.path("steps").get(2).path("idempotencyKey").asText());
        assertTrue(nodeA.send(admin.request("/admin/scenarios/runs/" + run)).body().contains("run-steps"));
    }

    @Test
    @Order(2)
    void timelineTriggersFireOncePerEventWithinTheirCondition() throws Exception {
        String tag = "cond-" + UUID.randomUUID().toString().substring(0, 8);
        long inside = segment(tag);
        long status = scenario(Map.of("name", "Accepted", "trigger", Map.of("type", "STATUS_CHANGED", "status",
                "ACCEPTED"), "condition", Map.of("segment", Long.toString(inside)), "steps",
                List.of(Map.of("type", "ADD_TAG", "tag", "t-status"))));
        long payment = scenario(Map.of("name", "Paid", "trigger", Map.of("type", "PAYMENT_RECEIVED"), "steps",
                List.of(Map.of("type", "ADD_TAG", "tag", "t-payment"))));
        long stage = scenario(Map.of("name", "Alumni", "trigger", Map.of("type", "STAGE_ENTERED", "stage", "alumnus"),
                "steps", List.of(Map.of("type", "ADD_TAG", "tag", "t-stage"))));
        long stuck = scenario(Map.of("name", "Stuck", "trigger", Map.of("type", "STUCK"), "steps",
                List.of(Map.of("type", "ADD_TAG", "tag", "t-stuck"))));
        String member = person("Inside", tag);
        String outsider = person("Outside", "none");
        event(member, "STATUS", Map.of("from", "SUBMITTED", "to", "ACCEPTED"));
        event(outsider, "STATUS", Map.of("from", "SUBMITTED", "to", "ACCEPTED"));
        event(member, "STATUS", Map.of("from", "SUBMITTED", "to", "REJECTED"));
        event(member, "PAYMENT", Map.of("kind", "PAYMENT", "amount", "100.00"));
        event(outsider, "PAYMENT", Map.of("kind", "REFUND", "amount", "100.00"));
        event(member, "STAGE", Map.of("from", "student", "to", "alumnus"));
        event(outsider, "STAGE", Map.of("from", "applicant", "to", "student"));
        event(member, "STUCK", Map.of("reason", "no answer for 14 days"));
        await(() -> hasTags(member, "t-status", "t-payment", "t-stage", "t-stuck"), "every trigger fired",
                Duration.ofSeconds(60));
        Thread.sleep(1500); // more ticks: events read again behind the mark start nothing twice
        for (long scenario : List.of(status, payment, stage, stuck)) {
            assertEquals(1, count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + scenario),
                    "one run of scenario " + scenario);
        }
        assertEquals(0, count("SELECT count(*) FROM scenario_runs WHERE person_id = '" + outsider + "'"),
                "outside the condition, a refund, another stage: nothing");
    }

    @Test
    @Order(3)
    void overdueInvoicesSegmentEntriesAndSchedules() throws Exception {
        String tag = "seg-" + UUID.randomUUID().toString().substring(0, 8);
        long segment = segment(tag);
        long entered = scenario(Map.of("name", "Entered", "trigger", Map.of("type", "SEGMENT_ENTERED", "segment",
                Long.toString(segment)), "steps", List.of(Map.of("type", "ADD_TAG", "tag", "t-entered"))));
        String first = person("Early", tag);
        await(() -> count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + entered + " AND state = 'DONE'")
                == 1, "the member entered", Duration.ofSeconds(30));
        String later = person("Later", "elsewhere");
        jdbi.useHandle(h -> h.execute("UPDATE persons SET tags = tags || ARRAY[?] WHERE id = CAST(? AS uuid)", tag,
                later));
        await(() -> hasTags(later, "t-entered"), "a new member's run", Duration.ofSeconds(30));
        jdbi.useHandle(h -> h.execute("UPDATE persons SET tags = array_remove(tags, ?) WHERE id = CAST(? AS uuid)",
                tag, first));
        Thread.sleep(1000);
        assertEquals(1, count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + entered + " AND person_id = '"
                + first + "'"), "once per entry");
        jdbi.useHandle(h -> h.execute("UPDATE persons SET tags = tags || ARRAY[?] WHERE id = CAST(? AS uuid)", tag,
                first));
        await(() -> count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + entered + " AND person_id = '"
                + first + "'") == 2, "coming back is another entry", Duration.ofSeconds(30));

        String at = LocalTime.now(ZoneId.of("Europe/Moscow")).minusMinutes(2).format(DateTimeFormatter.ofPattern("HH:mm"));
        long scheduled = scenario(Map.of("name", "Daily", "trigger", Map.of("type", "SCHEDULE", "segment",
                Long.toString(segment), "everyDays", "1", "at", at), "steps",
                List.of(Map.of("type", "ADD_TAG", "tag", "t-daily"))));
        Thread.sleep(1000);
        assertEquals(0, count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + scheduled),
                "a schedule starts at its next time, not for the past");
        jdbi.useHandle(h -> h.execute("UPDATE scenario_schedules SET last_run_at = now() - interval '2 days'"
                + " WHERE scenario_id = ?", scheduled));
        await(() -> count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + scheduled + " AND state = 'DONE'")
                == 2, "the day's runs for both members", Duration.ofSeconds(30));
        Thread.sleep(1000);
        assertEquals(2, count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + scheduled), "once a day");

        long overdue = scenario(Map.of("name", "Overdue", "trigger", Map.of("type", "INVOICE_OVERDUE"), "steps",
                List.of(Map.of("type", "ADD_TAG", "tag", "t-overdue"))));
        String debtor = person("Debtor", "none");
        jdbi.useHandle(h -> {
            String invoice = h.createQuery("INSERT INTO invoices (year, seq, number, person_id, issued_on, subtotal,"
                    + " total) VALUES (2020, 777, 'TEST-777', CAST(:p AS uuid), current_date - 40, 500, 500)"
                    + " RETURNING id::text").bind("p", debtor).mapTo(String.class).one();
            h.execute("INSERT INTO invoice_instalments (invoice_id, position, due_date, amount) VALUES"
                    + " (CAST(? AS uuid), 1, current_date - 10, 500)", invoice);
            h.execute("UPDATE invoices SET paid = 0 WHERE id = CAST(? AS uuid)", invoice);
        });
        await(() -> hasTags(debtor, "t-overdue"), "the overdue invoice's run", Duration.ofSeconds(30));
        Thread.sleep(1000);
        assertEquals(1, count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + overdue), "once per invoice");
    }

    @Test
    @Order(4)
    void aPluginActionAWebhookRetriedAndAMailShareTheRunsOutputs() throws Exception {
        String email = "student-" + UUID.randomUUID() + "@example.org";
        String student = person("Student", "x", email);
        hookStatuses.add(503); // the first call fails, the retry succeeds
        int before = hookCalls.size();
        long scenario = scenario(Map.of("name", "Accounts", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "WEBHOOK", "url", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook",
                        "secret", "0123456789abcdef"),
                Map.of("type", "ACTION", "action", PLUGIN + "/issue-number", "prefix", "STU"),
                Map.of("type", "MAIL", "subjectRu", "Номер {{run.number}}", "bodyRu", "Заявка {{run.ticket}}",
                        "subjectEn", "Number {{run.number}}", "bodyEn", "Ticket {{run.ticket}}"))));
        assertEquals(1, JSON.readTree(nodeA.send(admin.json("/api/v1/crm/scenarios/" + scenario + "/start")
                .POST(body(Map.of("person", student)))).body()).path("started").asInt());
        await(() -> count("SELECT count(*) FROM scenario_runs WHERE scenario_id = " + scenario + " AND state = 'DONE'")
                == 1, "the run done", Duration.ofSeconds(60));
        List<Map<String, String>> calls = hookCalls.subList(before, hookCalls.size());
        assertEquals(2, calls.size(), "one failed call and its retry");
        assertEquals(calls.get(0).get("key"), calls.get(1).get("key"), "the same idempotency key");
        for (Map<String, String> call : calls) {
            assertEquals("sha256=" + StepRunner.sign("0123456789abcdef", call.get("body").getBytes(
                    StandardCharsets.UTF_8)), call.get("signature"));
        }
        long run = jdbi.withHandle(h -> h.createQuery("SELECT id FROM scenario_runs WHERE scenario_id = :s")
                .bind("s", scenario).mapTo(Long.class).one());
        assertEquals(2, count("SELECT attempts FROM scenario_run_steps WHERE run_id = " + run + " AND step_index = 0"));
        await(() -> java.util.Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> to(m).equals(email)),
                "the mail", Duration.ofSeconds(30));
        MimeMessage mail = java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> to(m).equals(email))
                .findFirst().orElseThrow();
        assertTrue(mail.getSubject().startsWith("Номер STU-T9-"), mail.getSubject());
        assertTrue(((String) mail.getContent()).contains("Заявка T9"));
        assertEquals("1", System.getProperty("number-action.calls.run-" + run + "-step-1-v1"), "the action once");

        // the action's parameters are checked by its own form
        HttpResponse<String> bad = nodeA.send(admin.json("/api/v1/crm/scenarios").POST(body(Map.of("name", "Bad",
                "trigger", Map.of("type", "MANUAL"), "steps", List.of(Map.of("type", "ACTION", "action",
                        PLUGIN + "/issue-number", "prefix", "lower"))))));
        assertEquals(422, bad.statusCode(), bad.body());
        assertTrue(fields(bad).contains("steps[0].prefix"), bad.body());
    }

    @Test
    @Order(5)
    void runsKeepTheirVersionAndAdminsPauseResumeCancelAndRetry() throws Exception {
        String person = person("Versioned", "v");
        long scenario = scenario(Map.of("name", "Versions", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "WAIT", "period", "2s"), Map.of("type", "ADD_TAG", "tag", "v1"))));
        start(scenario, person);
        long first = lastRun(scenario);
        HttpResponse<String> updated = nodeA.send(admin.json("/api/v1/crm/scenarios/" + scenario).PUT(body(Map.of(
                "name", "Versions", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                        Map.of("type", "ADD_TAG", "tag", "v2"))))));
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals(2, JSON.readTree(updated.body()).path("version").asInt());
        await(() -> state(first).equals("DONE"), "the first run", Duration.ofSeconds(30));
        assertTrue(hasTags(person, "v1") && !hasTags(person, "v2"), "the run kept version 1");
        start(scenario, person);
        long second = lastRun(scenario);
        await(() -> state(second).equals("DONE"), "the second run", Duration.ofSeconds(30));
        assertTrue(hasTags(person, "v2"));
        assertThrows(Exception.class, () -> jdbi.useHandle(h -> h.execute("UPDATE scenario_versions SET"
                + " definition = '{}' WHERE scenario_id = ?", scenario)), "versions never change");

        // pause while waiting, resume
        long waiting = scenario(Map.of("name", "Waiting", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "WAIT", "period", "1s"), Map.of("type", "ADD_TAG", "tag", "resumed"))));
        start(waiting, person);
        long paused = lastRun(waiting);
        assertEquals(200, nodeB.send(admin.json("/api/v1/crm/scenarios/runs/" + paused + "/pause")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        Thread.sleep(2500);
        assertEquals("PAUSED", state(paused));
        assertTrue(!hasTags(person, "resumed"));
        assertEquals(303, nodeA.send(admin.form("/admin/scenarios/runs/" + paused + "/resume")).statusCode());
        await(() -> state(paused).equals("DONE") && hasTags(person, "resumed"), "resumed", Duration.ofSeconds(30));
        assertEquals(409, nodeA.send(admin.json("/api/v1/crm/scenarios/runs/" + paused + "/pause")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "a finished run cannot pause");

        // cancel after a confirmation
        long slow = scenario(Map.of("name", "Slow", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "WAIT", "period", "1h"), Map.of("type", "ADD_TAG", "tag", "never"))));
        start(slow, person);
        long cancelled = lastRun(slow);
        assertTrue(nodeA.send(admin.request("/admin/scenarios/runs/" + cancelled + "/cancel")).body()
                .contains("confirm-cancel"));
        assertEquals(303, nodeA.send(admin.form("/admin/scenarios/runs/" + cancelled + "/cancel")).statusCode());
        assertEquals("CANCELLED", state(cancelled));

        // a refused webhook stops the run; an admin's retry carries it through
        hookStatuses.add(400);
        long refused = scenario(Map.of("name", "Refused", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "WEBHOOK", "url", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook",
                        "secret", "0123456789abcdef"), Map.of("type", "ADD_TAG", "tag", "retried"))));
        start(refused, person);
        long failed = lastRun(refused);
        await(() -> state(failed).equals("FAILED"), "the run stopped", Duration.ofSeconds(30));
        JsonNode log = JSON.readTree(nodeA.send(admin.json("/api/v1/crm/scenarios/runs/" + failed)).body());
        assertEquals("FAILED", log.path("steps").get(0).path("state").asText(), log.toString());
        assertTrue(log.path("steps").get(0).path("error").asText().contains("400"), log.toString());
        assertEquals(303, nodeA.send(admin.form("/admin/scenarios/runs/" + failed + "/retry")).statusCode());
        await(() -> state(failed).equals("DONE") && hasTags(person, "retried"), "retried", Duration.ofSeconds(30));
    }

    @Test
    @Order(6)
    void filesGoOutAndComeBackAsJsonAndYamlAndBadOnesAnswer422PerField() throws Exception {
        long segment = segment("files");
        long scenario = scenario(Map.of("name", "Files", "trigger", Map.of("type", "STAGE_ENTERED", "stage",
                "applicant"), "condition", Map.of("segment", Long.toString(segment)), "steps", List.of(
                        Map.of("type", "MAIL", "subjectRu", "Тема", "bodyRu", "Текст {{firstName}}", "subjectEn",
                                "Subject", "bodyEn", "Text"),
                        Map.of("type", "WAIT", "until", "2030-01-01"),
                        Map.of("type", "TASK", "title", "Call", "dueDays", "1"),
                        Map.of("type", "ACTION", "action", PLUGIN + "/issue-number", "prefix", "AB"))));
        String json = nodeA.send(admin.json("/api/v1/crm/scenarios/" + scenario + "/export?format=json")).body();
        String yaml = nodeA.send(admin.request("/api/v1/crm/scenarios/" + scenario + "/export?format=yaml")).body();
        assertTrue(yaml.contains("type: STAGE_ENTERED") && yaml.contains("format: matricula-scenario/1"), yaml);
        for (Map.Entry<String, String> file : Map.of("json", json, "yaml", yaml).entrySet()) {
            HttpResponse<String> imported = nodeB.send(admin.request("/api/v1/crm/scenarios/import?format="
                    + file.getKey()).header("X-CSRF-Token", admin.csrf()).header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(file.getValue())));
            assertEquals(201, imported.statusCode(), imported.body());
            long copy = JSON.readTree(imported.body()).path("id").asLong();
            assertNotEquals(scenario, copy);
            assertEquals(json, nodeA.send(admin.json("/api/v1/crm/scenarios/" + copy + "/export?format=json")).body(),
                    "the " + file.getKey() + " file came back as it went out");
        }

        HttpResponse<String> bad = nodeA.send(admin.request("/api/v1/crm/scenarios/import?format=yaml")
                .header("X-CSRF-Token", admin.csrf()).header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString("""
                        format: matricula-scenario/1
                        name: ""
                        trigger: {type: STAGE_ENTERED, stage: nowhere}
                        condition: {segment: 999999}
                        steps:
                          - type: BOGUS
                          - {type: WEBHOOK, url: "ftp://example.org", secret: short}
                          - {type: WAIT, period: soon}
                          - {type: MAIL, subjectRu: "{{#open}}", bodyRu: x, subjectEn: x, bodyEn: x}
                          - {type: MOVE_STAGE, stage: student}
                        """)));
        assertEquals(422, bad.statusCode(), bad.body());
        assertEquals(List.of("name", "trigger.stage", "condition.segment", "steps[0].type", "steps[1].url",
                "steps[1].secret", "steps[2].period", "steps[3].subjectRu", "steps[4].reason"), fields(bad));
        HttpResponse<String> unreadable = nodeA.send(admin.request("/api/v1/crm/scenarios/import?format=yaml")
                .header("X-CSRF-Token", admin.csrf()).header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString("- [a\n")));
        assertEquals(422, unreadable.statusCode());
        assertEquals(List.of("file"), fields(unreadable));
        // the screen's upload lists the same problems
        String boundary = "b" + UUID.randomUUID();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + admin.csrf()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad.yaml\"\r\n"
                + "Content-Type: application/yaml\r\n\r\nname: x\ntrigger: {type: NEVER}\nsteps: []\n\r\n--" + boundary
                + "--\r\n";
        HttpResponse<String> upload = nodeA.send(admin.request("/admin/scenarios/import")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)));
        assertEquals(422, upload.statusCode(), upload.body());
        assertTrue(upload.body().contains("trigger.type") && upload.body().contains("error-summary"), upload.body());
    }

    @Test
    @Order(7)
    void aFilterConditionIsCheckedAtTheStartAndTravelsInFilesAndTheForm() throws Exception {
        String tag = "filt-" + UUID.randomUUID().toString().substring(0, 8);
        String gold = person("Gold", tag);
        String plain = person("Plain", tag);
        jdbi.useHandle(h -> h.execute("UPDATE persons SET tags = tags || ARRAY[CAST(? AS text)] WHERE id = CAST(? AS uuid)",
                "gold-" + tag, gold));
        long scenario = scenario(Map.of("name", "Gold only", "trigger", Map.of("type", "MANUAL"), "condition",
                Map.of("filter", Map.of("tags", List.of("gold-" + tag))), "steps",
                List.of(Map.of("type", "ADD_TAG", "tag", "filtered"))));
        JsonNode started = JSON.readTree(nodeB.send(admin.json("/api/v1/crm/scenarios/" + scenario + "/start")
                .POST(body(Map.of("segment", Long.toString(segment(tag)))))).body());
        assertEquals(1, started.path("started").asInt(), "only the person matching the filter: " + started);
        await(() -> hasTags(gold, "filtered"), "the matching person's run", Duration.ofSeconds(60));
        assertEquals(0, count("SELECT count(*) FROM scenario_runs WHERE person_id = '" + plain + "'"));

        String json = nodeA.send(admin.json("/api/v1/crm/scenarios/" + scenario + "/export?format=json")).body();
        assertTrue(json.contains("\"filter\"") && json.contains("gold-" + tag), json);
        String yaml = nodeA.send(admin.request("/api/v1/crm/scenarios/" + scenario + "/export?format=yaml")).body();
        HttpResponse<String> imported = nodeB.send(admin.request("/api/v1/crm/scenarios/import?format=yaml")
                .header("X-CSRF-Token", admin.csrf()).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
        assertEquals(201, imported.statusCode(), imported.body());
        assertEquals(json, nodeA.send(admin.json("/api/v1/crm/scenarios/" + JSON.readTree(imported.body()).path("id")
                .asLong() + "/export?format=json")).body(), "the filter came back as it went out");

        HttpResponse<String> bad = nodeA.send(admin.json("/api/v1/crm/scenarios").POST(body(Map.of("name", "Bad filter",
                "trigger", Map.of("type", "MANUAL"), "condition", Map.of("filter", Map.of("stages", List.of("nowhere"),
                        "consent", "MAYBE")), "steps", List.of(Map.of("type", "ADD_TAG", "tag", "x"))))));
        assertEquals(422, bad.statusCode(), bad.body());
        assertEquals(List.of("condition.filter.stage", "condition.filter.consent"), fields(bad));
        HttpResponse<String> notAFilter = nodeA.send(admin.json("/api/v1/crm/scenarios").POST(body(Map.of("name", "Bad",
                "trigger", Map.of("type", "MANUAL"), "condition", Map.of("filter", Map.of("colour", "red")), "steps",
                List.of(Map.of("type", "ADD_TAG", "tag", "x"))))));
        assertEquals(List.of("condition.filter"), fields(notAFilter));

        // the form shows stages, tags and consent; the other parts from a file travel in a hidden field
        HttpResponse<String> saved = nodeA.send(admin.form("/admin/scenarios", "name", "Form filter", "enabled", "on",
                "triggerType", "MANUAL", "conditionStage", "student", "conditionTags", "gold, silver",
                "conditionConsent", "GRANTED", "conditionFilter", "{\"balanceBelow\":\"0\",\"tags\":[\"lost\"]}",
                "stepCount", "1", "step0.type", "ADD_TAG", "step0.tag", "f", "op", "save"));
        assertEquals(303, saved.statusCode(), saved.body());
        String location = saved.headers().firstValue("Location").orElseThrow();
        long built = Long.parseLong(location.replaceAll("^.*/admin/scenarios/([0-9]+).*$", "$1"));
        JsonNode filter = JSON.readTree(nodeA.send(admin.json("/api/v1/crm/scenarios/" + built + "/export?format=json"))
                .body()).path("condition").path("filter");
        assertEquals("[\"student\"]", filter.path("stages").toString(), filter.toString());
        assertEquals("[\"gold\",\"silver\"]", filter.path("tags").toString(), "the field wins over the hidden part");
        assertEquals("GRANTED", filter.path("consent").asText());
        assertEquals("0", filter.path("balanceBelow").asText(), "kept from the hidden field");
        String page = nodeA.send(admin.request(URI_PATH(location) + "?lang=en")).body();
        assertTrue(page.contains("value=\"gold, silver\"") && page.contains("id=\"condition-kept\"")
                && page.contains("balanceBelow"), page);
    }

    @Test
    @Order(7)
    void theEditorBuildsAScenarioWithFormsOnly() throws Exception {
        HttpResponse<String> added = nodeA.send(admin.form("/admin/scenarios", "name", "Built", "enabled", "on",
                "triggerType", "MANUAL", "stepCount", "0", "newStepType", "ADD_TAG", "op", "add"));
        assertEquals(200, added.statusCode(), added.body());
        assertTrue(added.body().contains("name=\"step0.tag\""), "the new step's fields");
        HttpResponse<String> refused = nodeA.send(admin.form("/admin/scenarios", "name", "Built", "enabled", "on",
                "triggerType", "MANUAL", "stepCount", "1", "step0.type", "ADD_TAG", "step0.tag", "", "op", "save"));
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("href=\"#in-step0-tag\"") && refused.body().contains("aria-invalid"),
                refused.body());
        HttpResponse<String> saved = nodeA.send(admin.form("/admin/scenarios", "name", "Built", "enabled", "on",
                "triggerType", "MANUAL", "stepCount", "2", "step0.type", "ADD_TAG", "step0.tag", "built",
                "step1.type", "ACTION", "step1.action", PLUGIN + "/issue-number", "step1.prefix", "ED", "op", "save"));
        assertEquals(303, saved.statusCode(), saved.body());
        String location = saved.headers().firstValue("Location").orElseThrow();
        String page = nodeA.send(admin.request(URI_PATH(location))).body();
        assertTrue(page.contains("name=\"step1.prefix\"") && page.contains("value=\"ED\""), "the plugin's parameter");
        assertTrue(nodeA.send(admin.request("/admin/scenarios")).body().contains("Built"));
    }

    @Test
    @Order(8)
    void aRunWaitingAcrossARestartOfEveryNodeFinishes() throws Exception {
        String person = person("Patient", "p");
        long scenario = scenario(Map.of("name", "Patience", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "ADD_TAG", "tag", "before"), Map.of("type", "WAIT", "period", "3s"),
                Map.of("type", "ADD_TAG", "tag", "after"))));
        start(scenario, person);
        long run = lastRun(scenario);
        await(() -> hasTags(person, "before"), "the first step", Duration.ofSeconds(30));
        nodeB.close();
        nodeA.close();
        nodeA = RunningPlatform.start(settings);
        jdbi = nodeA.platform().database().jdbi();
        nodeB = RunningPlatform.start(settings);
        await(() -> state(run).equals("DONE") && hasTags(person, "after"), "the run after the restart",
                Duration.ofSeconds(60));
        assertEquals(3, count("SELECT count(*) FROM scenario_run_steps WHERE run_id = " + run + " AND state = 'DONE'"));
    }

    /**
     * The triggers poll the timeline every second past their mark for the kinds they wait for; the
     * entries of other kinds after it (declarations, mails, deals: most of them) are not read.
     * Counted in buffers, which do not depend on the machine's load: without the index of these kinds
     * the poll read every one of them (5,000 notes: 62 buffers, against 1 with it).
     */
    @Test
    @Order(9)
    void theTriggersPollReadsNoEntriesOfOtherKinds() {
        String person = person("Poll", "poll", "poll@example.org");
        long from = jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(id), 0) FROM timeline_entries")
                .mapTo(Long.class).one());
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO timeline_entries (person_id, kind, summary, source_ref) SELECT CAST(? AS uuid),"
                    + " 'NOTE', 'Note ' || g, 'poll-note:' || g FROM generate_series(1, 5000) g", person);
            h.execute("ANALYZE timeline_entries");
        });
        String plan = new QueryPlans(jdbi, "5000 notes past the mark", "trigger-poll-plan.txt").explain(
                "the triggers' timeline poll", Triggers.TIMELINE_EVENTS.replace(":from", Long.toString(from))
                        .replace(":batch", Integer.toString(Triggers.BATCH)));
        assertTrue(QueryPlans.buffers(plan) < 20, plan);
    }

    /**
     * A tick with nothing new writes no mark, the triggers' nor the webhooks', so an idle platform's
     * ticks (every 300 ms here, on both nodes) commit nothing that waits for the disk.
     */
    @Test
    @Order(10)
    void idleTicksWriteNoMarks() throws Exception {
        event(person("Idle", "idle"), "NOTE", Map.of());
        Thread.sleep(1500);
        String marks = "SELECT string_agg(xmin::text, ',') FROM (SELECT xmin FROM scenario_marks"
                + " UNION ALL SELECT xmin FROM webhook_marks) m";
        String before = jdbi.withHandle(h -> h.createQuery(marks).mapTo(String.class).one());
        Thread.sleep(1500);
        assertEquals(before, jdbi.withHandle(h -> h.createQuery(marks).mapTo(String.class).one()),
                "the marks' row versions after five idle ticks");
    }

    @Test
    @Order(7)
    void everyFinishedStepIsAScenarioStepEventForTheWebhooksListeningOnce() throws Exception {
        long endpoint = jdbi.withHandle(h -> h.createQuery("INSERT INTO webhook_endpoints (name, url, kinds, active,"
                + " secret, from_entry) VALUES ('Steps', 'https://hooks.example.org/steps', '{scenario.step}', true,"
                + " 'whsec_steps', 0) RETURNING id").mapTo(Long.class).one());
        String email = "stepper-" + UUID.randomUUID() + "@example.org";
        String student = person("Stepper", "x", email);
        long scenario = scenario(Map.of("name", "Two tags", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "ADD_TAG", "tag", "first"), Map.of("type", "ADD_TAG", "tag", "second"))));
        start(scenario, student);
        long run = lastRun(scenario);
        await(() -> "DONE".equals(state(run)), "the run done", Duration.ofSeconds(60));
        List<String> bodies = jdbi.withHandle(h -> h.createQuery("SELECT body::text FROM webhook_deliveries"
                + " WHERE endpoint_id = :e AND event = 'scenario.step' ORDER BY id").bind("e", endpoint)
                .mapTo(String.class).list());
        assertEquals(2, bodies.size(), bodies.toString());
        JsonNode first = JSON.readTree(bodies.get(0)).path("data");
        assertEquals(run, first.path("run").asLong());
        assertEquals("ADD_TAG", first.path("type").asText());
        assertEquals("DONE", first.path("state").asText());
        assertEquals("run-" + run + "-step-0-v1", first.path("idempotencyKey").asText());
        assertEquals(1, JSON.readTree(bodies.get(1)).path("data").path("step").asInt());
        jdbi.useHandle(h -> h.execute("UPDATE webhook_endpoints SET active = false WHERE id = ?", endpoint));

        // the deliveries name the person: an erasure takes them with the person
        jdbi.useTransaction(h -> {
            Persons persons = org.matricula.platform.crm.CrmModule.services(jdbi, java.time.Clock.systemUTC()).persons();
            UUID account = UUID.randomUUID();
            persons.erase(h, java.util.Set.of(email), persons.ofErasure(h, account, java.util.Set.of(email)));
        });
        assertEquals(0, count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = " + endpoint));
    }

    private static String URI_PATH(String location) {
        return java.net.URI.create(location).getPath();
    }

    @Test
    @Order(7)
    void anActionFailingWithAnErrorIsRetriedThenStopsTheRunNamingThePlugin() throws Exception {
        String person = person("Erring", "e");
        long scenario = scenario(Map.of("name", "Erring", "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "ACTION", "action", PLUGIN + "/erring"))));
        start(scenario, person);
        long run = lastRun(scenario);
        // each attempt after the first is handed over by an outbox worker that outlived the one before
        await(() -> state(run).equals("FAILED"), "the run stopped after its retries", Duration.ofSeconds(60));
        Map<String, Object> step = jdbi.withHandle(h -> h.createQuery("SELECT attempts, error FROM scenario_run_steps"
                + " WHERE run_id = :run AND step_index = 0").bind("run", run).mapToMap().one());
        assertEquals(StepRunner.MAX_ATTEMPTS, step.get("attempts"));
        assertTrue(((String) step.get("error")).contains("plugin " + PLUGIN + " 1.0.0 failed to run action " + PLUGIN
                + "/erring: AssertionError: a contact id expected"), step.toString());
    }

    private static void start(long scenario, String person) throws Exception {
        HttpResponse<String> started = nodeA.send(admin.json("/api/v1/crm/scenarios/" + scenario + "/start")
                .POST(body(Map.of("person", person))));
        assertEquals(200, started.statusCode(), started.body());
    }

    private static long lastRun(long scenario) {
        return jdbi.withHandle(h -> h.createQuery("SELECT max(id) FROM scenario_runs WHERE scenario_id = :s")
                .bind("s", scenario).mapTo(Long.class).one());
    }

    private static String state(long run) {
        return jdbi.withHandle(h -> h.createQuery("SELECT state FROM scenario_runs WHERE id = :id").bind("id", run)
                .mapTo(String.class).one());
    }

    private static List<String> fields(HttpResponse<String> response) throws Exception {
        List<String> fields = new ArrayList<>();
        JSON.readTree(response.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private static String to(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    static long scenario(Map<String, Object> file) throws Exception {
        HttpResponse<String> created = nodeA.send(admin.json("/api/v1/crm/scenarios").POST(body(file)));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("id").asLong();
    }

    static long segment(String tag) throws Exception {
        HttpResponse<String> created = nodeA.send(admin.json("/api/v1/crm/segments").POST(body(Map.of("name",
                "Tag " + tag, "filter", Map.of("tags", List.of(tag))))));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("id").asLong();
    }

    static String person(String name, String tag) {
        return person(name, tag, name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org");
    }

    static String person(String name, String tag, String email) {
        return jdbi.inTransaction(h -> {
            String id = h.createQuery("INSERT INTO persons (first_name, full_name, tags, email) VALUES (:name, :name,"
                    + " ARRAY[:tag], :email) RETURNING id::text").bind("name", name).bind("tag", tag)
                    .bind("email", email).mapTo(String.class).one();
            h.execute("INSERT INTO person_contacts (person_id, kind, value) VALUES (CAST(? AS uuid), 'EMAIL', ?)", id,
                    email);
            return id;
        });
    }

    static void event(String person, String kind, Map<String, Object> details) throws Exception {
        String json = JSON.writeValueAsString(new LinkedHashMap<>(details));
        jdbi.useHandle(h -> h.execute("INSERT INTO timeline_entries (person_id, kind, details, source_ref) VALUES"
                + " (CAST(? AS uuid), ?, CAST(? AS jsonb), ?)", person, kind, json, "test:" + UUID.randomUUID()));
    }

    static boolean hasTags(String person, String... tags) {
        return jdbi.withHandle(h -> h.createQuery("SELECT tags @> CAST(:tags AS text[]) FROM persons WHERE id ="
                + " CAST(:id AS uuid)").bindArray("tags", String.class, (Object[]) tags).bind("id", person)
                .mapTo(Boolean.class).one());
    }

    static int count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }

    private static void await(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
