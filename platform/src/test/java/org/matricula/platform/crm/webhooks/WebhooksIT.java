package org.matricula.platform.crm.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.crm.CrmModule;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;

/**
 * Outgoing webhooks against a small HTTP server in the test: an event on the timeline reaches the
 * endpoints listening for it once, signed so the receiver can check it with the secret it was
 * shown once; a 500 is retried; a delivery that keeps failing is given up after the last attempt;
 * a replay sends the same delivery again (signed with the rotated secret); events emitted by other
 * features with a key are queued once; URLs that are not http(s), or with a port out of range, are
 * refused with 422; a pending delivery is not replayed (409); a request that cannot be made is a
 * failed attempt with its reason.
 */
class WebhooksIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of("outbox.poll-interval", "100ms",
            "crm.feed-interval", "200ms", "webhooks.allow-private-targets", "true"));

    record Received(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    static HttpServer receiver;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    /** Answers for /hook, in turn; 200 when none is left. /down always answers 500. */
    static final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
            Integer answer = path.equals("/down") ? Integer.valueOf(500) : answers.poll();
            exchange.sendResponseHeaders(answer == null ? 200 : answer, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void signedDeliveredOnceRetriedReplayedAndGuarded() throws Exception {
        Jdbi jdbi = server.platform().database().jdbi();
        TestSessions.Session admin = TestSessions.admin(server);
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();

        HttpResponse<String> bad = server.send(admin.json("/api/v1/webhooks").POST(body(Map.of("name", "",
                "url", "ftp://example.org/hook", "kinds", List.of("nope")))));
        assertEquals(422, bad.statusCode(), bad.body());
        for (String field : List.of("name", "url", "kinds")) {
            assertTrue(bad.body().contains("\"" + field + "\""), field + " in " + bad.body());
        }
        assertEquals(422, server.send(admin.json("/api/v1/webhooks").POST(body(Map.of("name", "x",
                "url", "javascript:alert(1)", "kinds", List.of("stage.changed"))))).statusCode());
        assertEquals(422, server.send(admin.form("/admin/webhooks?lang=en", "name", "Form", "url", "file:///etc/passwd",
                "kinds", "stage.changed")).statusCode());

        HttpResponse<String> created = server.send(admin.json("/api/v1/webhooks").POST(body(Map.of("name", "Bot",
                "url", base + "/hook", "kinds", List.of("stage.changed", "payment.received")))));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode endpoint = JSON.readTree(created.body());
        long id = endpoint.path("id").asLong();
        String secret = endpoint.path("secret").asText();
        assertTrue(secret.startsWith("whsec_"), created.body());
        assertTrue(!server.send(admin.json("/api/v1/webhooks/" + id)).body().contains(secret), "shown only once");

        UUID person = person(jdbi);
        answers.add(500); // the first attempt fails, the retry gets through
        Clock clock = Clock.systemUTC();
        var crm = CrmModule.services(jdbi, clock);
        jdbi.useTransaction(h -> {
            crm.timeline().append(h, Entry.of(person, Kind.DECLARATION, Instant.now(), "not listened for", Map.of(),
                    null, "test-declaration:" + person));
            crm.timeline().append(h, Entry.of(person, Kind.STAGE, Instant.now(), "moved", Map.of("to", "STUDENT"),
                    null, "test-stage:" + person));
        });
        await(() -> hooks().size() >= 2, "a failed attempt and its retry");
        Thread.sleep(1500); // room for a duplicate
        List<Received> hooks = hooks();
        assertEquals(2, hooks.size(), "the 500 and the retry, nothing else: " + hooks);
        Received delivered = hooks.get(1);
        JsonNode body = JSON.readTree(delivered.body());
        assertEquals("stage.changed", body.path("event").asText());
        assertEquals(person.toString(), body.path("person").path("id").asText());
        assertEquals("STUDENT", body.path("data").path("to").asText());
        assertEquals("sha256=" + WebhookSender.sign(secret, delivered.body()), delivered.header("X-Matricula-Signature"));
        assertEquals(body.path("id").asText(), delivered.header("X-Matricula-Delivery"));
        assertEquals(hooks.get(0).header("X-Matricula-Delivery"), delivered.header("X-Matricula-Delivery"),
                "a retry is the same delivery");
        assertTrue(Math.abs(Long.parseLong(delivered.header("X-Matricula-Timestamp"))
                - Instant.now().getEpochSecond()) < 120);

        JsonNode log = JSON.readTree(server.send(admin.json("/api/v1/webhooks/" + id + "/deliveries")).body())
                .path("deliveries");
        assertEquals(1, log.size(), log.toString());
        assertEquals("DELIVERED", log.get(0).path("status").asText());
        assertEquals(2, log.get(0).path("attempts").asInt());
        assertEquals(200, log.get(0).path("responseCode").asInt());
        long delivery = log.get(0).path("id").asLong();

        // events from other features (the scenario engine): once per key
        Webhooks webhooks = new Webhooks(jdbi, new Outbox(jdbi, JsonMapper.create()), true, clock);
        assertEquals(1, (int) jdbi.inTransaction(h -> webhooks.emit(h, Webhooks.PAYMENT_RECEIVED, "step-1",
                Map.of("amount", "10.00"))));
        assertEquals(0, (int) jdbi.inTransaction(h -> webhooks.emit(h, Webhooks.PAYMENT_RECEIVED, "step-1",
                Map.of("amount", "10.00"))));
        assertEquals(0, (int) jdbi.inTransaction(h -> webhooks.emit(h, Webhooks.SCENARIO_STEP, Map.of())),
                "nobody listens for scenario steps");
        await(() -> hooks().size() >= 3, "the emitted event");

        // replay: the screen asks first, then the same delivery goes again, signed with the new secret
        String rotated = JSON.readTree(server.send(admin.json("/api/v1/webhooks/" + id + "/rotate")
                .POST(HttpRequest.BodyPublishers.noBody())).body()).path("secret").asText();
        assertNotEquals(secret, rotated);
        String confirm = server.send(admin.request("/admin/webhooks/deliveries/" + delivery + "?lang=en")).body();
        assertTrue(confirm.contains("confirm-replay") && confirm.contains("stage.changed"), confirm);
        HttpResponse<String> replayed = server.send(admin.form("/admin/webhooks/deliveries/" + delivery + "/replay"));
        assertEquals(303, replayed.statusCode(), replayed.body());
        await(() -> hooks().size() >= 4, "the replay");
        Received again = hooks().get(3);
        assertEquals(delivered.body(), again.body(), "the same body");
        assertEquals("sha256=" + WebhookSender.sign(rotated, again.body()), again.header("X-Matricula-Signature"));
        await(() -> "DELIVERED".equals(status(jdbi, delivery)), "the replay logged");
        assertEquals(1, (int) jdbi.withHandle(h -> h.createQuery("SELECT replays FROM webhook_deliveries WHERE id = :id")
                .bind("id", delivery).mapTo(Integer.class).one()));

        String page = server.send(admin.request("/admin/webhooks/" + id + "?lang=en")).body();
        assertTrue(page.contains("delivery-DELIVERED") && page.contains("Funnel stage changed"), page);
        assertTrue(!page.contains(rotated), "the secret is not on the endpoint's page");

        // an endpoint that keeps failing is given up after the last attempt
        long down = JSON.readTree(server.send(admin.json("/api/v1/webhooks").POST(body(Map.of("name", "Down",
                "url", base + "/down", "kinds", List.of("stage.changed"))))).body()).path("id").asLong();
        jdbi.useTransaction(h -> crm.timeline().append(h, Entry.of(person, Kind.STAGE, Instant.now(), "again",
                Map.of(), null, "test-stage-2:" + person)));
        await(() -> attempts(jdbi, down) >= 1, "the first failure");
        jdbi.useHandle(h -> h.execute("UPDATE webhook_deliveries SET attempts = ? WHERE endpoint_id = ?",
                WebhookSender.MAX_ATTEMPTS - 1, down));
        await(() -> jdbi.withHandle(h -> h.createQuery("SELECT status FROM webhook_deliveries WHERE endpoint_id = :e")
                .bind("e", down).mapTo(String.class).one()).equals("FAILED"), "given up");
        assertEquals(WebhookSender.MAX_ATTEMPTS, attempts(jdbi, down));
    }

    @Test
    void deliveriesPastTheRetentionAreDeletedPendingOnesKept() {
        Jdbi jdbi = server.platform().database().jdbi();
        long endpoint = jdbi.withHandle(h -> h.createQuery("INSERT INTO webhook_endpoints (name, url, kinds, active,"
                + " secret) VALUES ('Old', 'https://hooks.example/old', ARRAY['payment.received'], false, 'secret')"
                + " RETURNING id")
                .mapTo(Long.class).one());
        // ref -> status, days since the delivery, days since its last attempt
        for (String[] row : new String[][] {{"delivered-old", "DELIVERED", "40", "40"},
                {"failed-old", "FAILED", "45", "31"}, {"pending-old", "PENDING", "60", "60"},
                {"delivered-new", "DELIVERED", "5", "5"}, {"replayed-lately", "FAILED", "90", "2"}}) {
            jdbi.useHandle(h -> h.createUpdate("""
                    INSERT INTO webhook_deliveries (endpoint_id, event, source_ref, body, status, created_at,
                                                    last_attempt_at, delivered_at)
                    VALUES (:endpoint, 'payment.received', :ref, '{}', :status, now() - make_interval(days => :created),
                            now() - make_interval(days => :attempted),
                            CASE WHEN :status = 'DELIVERED' THEN now() - make_interval(days => :attempted) END)""")
                    .bind("endpoint", endpoint).bind("ref", row[0]).bind("status", row[1])
                    .bind("created", Integer.parseInt(row[2])).bind("attempted", Integer.parseInt(row[3])).execute());
        }
        Webhooks webhooks = new Webhooks(jdbi, new Outbox(jdbi, JsonMapper.create()), true, Clock.systemUTC());
        assertEquals(0, webhooks.prune(Duration.ZERO), "zero keeps every delivery");
        assertEquals(2, webhooks.prune(Duration.ofDays(30)));
        assertEquals(List.of("delivered-new", "pending-old", "replayed-lately"), jdbi.withHandle(h -> h.createQuery(
                "SELECT source_ref FROM webhook_deliveries WHERE endpoint_id = :e ORDER BY source_ref")
                .bind("e", endpoint).mapTo(String.class).list()));
        assertEquals(0, webhooks.prune(Duration.ofDays(30)), "nothing left to delete");
    }

    @Test
    void aPendingDeliveryIsNotReplayedOnTopOfItsOwnAttempts() throws Exception {
        Jdbi jdbi = server.platform().database().jdbi();
        TestSessions.Session admin = TestSessions.admin(server);
        long endpoint = endpoint(jdbi, "https://hooks.example/pending");
        long pending = delivery(jdbi, endpoint, "stage.changed", "PENDING", 1);

        HttpResponse<String> api = server.send(admin.json("/api/v1/webhooks/deliveries/" + pending + "/replay?lang=en")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(409, api.statusCode(), api.body());
        assertTrue(api.body().contains("still being sent"), api.body());
        String page = server.send(admin.request("/admin/webhooks/deliveries/" + pending + "?lang=en")).body();
        assertTrue(page.contains("replay-pending") && !page.contains("confirm-replay"), page);
        assertEquals(409, server.send(admin.form("/admin/webhooks/deliveries/" + pending + "/replay")).statusCode());
        assertEquals(1, attempts(jdbi, endpoint), "the attempts are not counted over");
        assertEquals(0, (int) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE kind = :kind"
                + " AND target = :target").bind("kind", Webhooks.OUTBOX_KIND).bind("target", Long.toString(pending))
                .mapTo(Integer.class).one()), "no send stacked on the pending one");

        long failed = delivery(jdbi, endpoint, "stage.changed", "FAILED", WebhookSender.MAX_ATTEMPTS);
        HttpResponse<String> replayed = server.send(admin.json("/api/v1/webhooks/deliveries/" + failed + "/replay")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, replayed.statusCode(), replayed.body());
        assertEquals(409, server.send(admin.json("/api/v1/webhooks/deliveries/" + failed + "/replay")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "the replay is pending now");
    }

    @Test
    void aPortOutOfRangeIsRefusedAndARequestThatCannotBeMadeEndsFailedWithItsReason() throws Exception {
        Jdbi jdbi = server.platform().database().jdbi();
        TestSessions.Session admin = TestSessions.admin(server);
        HttpResponse<String> bad = server.send(admin.json("/api/v1/webhooks?lang=en").POST(body(Map.of("name", "Port",
                "url", "http://8.8.8.8:99999/x", "kinds", List.of("stage.changed")))));
        assertEquals(422, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("\"url\"") && bad.body().contains("65535"), bad.body());

        // a header the HTTP client will not write: the request cannot be built, which is a failed attempt
        long endpoint = endpoint(jdbi, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/unbuildable");
        long delivery = delivery(jdbi, endpoint, "stage.changed\r\nX-Injected: 1", "PENDING",
                WebhookSender.MAX_ATTEMPTS - 1);
        jdbi.useTransaction(h -> new Outbox(jdbi, JsonMapper.create()).enqueue(h, Webhooks.OUTBOX_KIND,
                Long.toString(delivery), Map.of("delivery", delivery)));
        await(() -> "FAILED".equals(status(jdbi, delivery)), "the last attempt given up");
        String error = jdbi.withHandle(h -> h.createQuery("SELECT last_error FROM webhook_deliveries WHERE id = :id")
                .bind("id", delivery).mapTo(String.class).one());
        assertTrue(error != null && error.startsWith("IllegalArgumentException"), error);
        assertTrue(received.stream().noneMatch(r -> r.path().equals("/unbuildable")));
    }

    static long endpoint(Jdbi jdbi, String url) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO webhook_endpoints (name, url, kinds, active, secret)"
                + " VALUES ('Stored', :url, ARRAY['stage.changed'], false, 'secret') RETURNING id").bind("url", url)
                .mapTo(Long.class).one());
    }

    static long delivery(Jdbi jdbi, long endpoint, String event, String status, int attempts) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO webhook_deliveries (endpoint_id, event, source_ref,"
                + " body, status, attempts) VALUES (:endpoint, :event, :ref, '{}', :status, :attempts) RETURNING id")
                .bind("endpoint", endpoint).bind("event", event).bind("ref", "test:" + UUID.randomUUID())
                .bind("status", status).bind("attempts", attempts).mapTo(Long.class).one());
    }

    static List<Received> hooks() {
        return received.stream().filter(r -> r.path().equals("/hook")).toList();
    }

    static String status(Jdbi jdbi, long delivery) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM webhook_deliveries WHERE id = :id")
                .bind("id", delivery).mapTo(String.class).one());
    }

    static int attempts(Jdbi jdbi, long endpoint) {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(attempts), 0) FROM webhook_deliveries"
                + " WHERE endpoint_id = :e").bind("e", endpoint).mapTo(Integer.class).one());
    }

    static UUID person(Jdbi jdbi) {
        String email = "hook-" + UUID.randomUUID() + "@example.org";
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO persons (first_name, full_name, email)"
                + " VALUES ('Hook', 'Hook Person', :email) RETURNING id").bind("email", email).mapTo(UUID.class).one());
    }

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
