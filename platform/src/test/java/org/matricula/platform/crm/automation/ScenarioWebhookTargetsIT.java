package org.matricula.platform.crm.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.Eventually;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;

/**
 * A scenario's webhook step is a request the platform makes on a CRM manager's word, so it is held
 * to the outgoing webhooks' guard: no address of this machine or its private network, when the
 * scenario is saved and again at each call.
 */
class ScenarioWebhookTargetsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of("outbox.poll-interval", "100ms",
            "automation.retry-backoff", "300ms"));

    private static HttpServer inside;
    private static final AtomicInteger calls = new AtomicInteger();
    private static TestSessions.Session admin;

    @BeforeAll
    static void listenInside() throws Exception {
        inside = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        inside.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        inside.start();
        admin = TestSessions.admin(server);
    }

    @AfterAll
    static void stop() {
        inside.stop(0);
    }

    @Test
    void aStepCallingThisMachineIsRefusedPerFieldWhenImportedOrSaved() throws Exception {
        String file = JSON.writeValueAsString(scenario("http://127.0.0.1:" + inside.getAddress().getPort() + "/x"));
        HttpResponse<String> imported = server.send(admin.request("/api/v1/crm/scenarios/import?format=json&lang=en")
                .header("X-CSRF-Token", admin.csrf()).header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(file)));
        assertEquals(422, imported.statusCode(), imported.body());
        JsonNode error = JSON.readTree(imported.body()).path("errors").get(0);
        assertEquals("steps[0].url", error.path("field").asText());
        assertTrue(error.path("message").asText().contains("private"), imported.body());

        HttpResponse<String> saved = server.send(admin.json("/api/v1/crm/scenarios?lang=en").POST(
                HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(scenario("http://10.0.0.7/hook")))));
        assertEquals(422, saved.statusCode(), saved.body());
        assertEquals("steps[0].url", JSON.readTree(saved.body()).path("errors").get(0).path("field").asText());
    }

    @Test
    void aStepWhoseAddressTurnedInwardSinceItWasSavedFailsWithoutCalling() throws Exception {
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/scenarios").POST(HttpRequest.BodyPublishers
                .ofString(JSON.writeValueAsString(scenario("http://203.0.113.9/hook")))));
        assertEquals(201, created.statusCode(), created.body());
        long scenario = JSON.readTree(created.body()).path("id").asLong();
        // as when the saved host's name resolves to this machine by the time the step runs
        Jdbi jdbi = server.platform().database().jdbi();
        jdbi.useTransaction(h -> {
            // versions are kept as they were saved: only a test may change one
            h.execute("ALTER TABLE scenario_versions DISABLE TRIGGER USER");
            h.createUpdate("UPDATE scenario_versions SET definition = CAST(replace(definition::text,"
                    + " 'http://203.0.113.9/hook', :inside) AS jsonb) WHERE scenario_id = :id").bind("inside",
                    "http://127.0.0.1:" + inside.getAddress().getPort() + "/hook").bind("id", scenario).execute();
            h.execute("ALTER TABLE scenario_versions ENABLE TRIGGER USER");
        });
        String person = jdbi.withHandle(h -> h.createQuery("INSERT INTO persons (first_name, full_name, email)"
                + " VALUES ('Ada', 'Ada', :email) RETURNING id::text").bind("email", "ada-" + UUID.randomUUID()
                + "@example.org").mapTo(String.class).one());
        HttpResponse<String> started = server.send(admin.json("/api/v1/crm/scenarios/" + scenario + "/start")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("person", person)))));
        assertEquals(200, started.statusCode(), started.body());

        Eventually.holds("the run failed", Duration.ofSeconds(30), () -> "FAILED".equals(jdbi.withHandle(h -> h
                .createQuery("SELECT state FROM scenario_runs WHERE scenario_id = :id").bind("id", scenario)
                .mapTo(String.class).findOne().orElse(""))));
        String error = jdbi.withHandle(h -> h.createQuery("SELECT coalesce(string_agg(s.error, ' '), '')"
                + " FROM scenario_run_steps s JOIN scenario_runs r ON r.id = s.run_id WHERE r.scenario_id = :id")
                .bind("id", scenario).mapTo(String.class).one());
        assertTrue(error.contains("webhook refused"), error);
        assertEquals(0, calls.get(), "nothing reached the address inside");
    }

    private static Map<String, Object> scenario(String url) {
        return Map.of("name", "Calls " + url, "trigger", Map.of("type", "MANUAL"), "steps", List.of(
                Map.of("type", "WEBHOOK", "url", url, "secret", "0123456789abcdef")));
    }
}
