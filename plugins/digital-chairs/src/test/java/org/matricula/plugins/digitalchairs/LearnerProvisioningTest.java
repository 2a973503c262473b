package org.matricula.plugins.digitalchairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matricula.api.PluginContext;
import org.matricula.api.event.StatusChanged;
import org.matricula.platform.testing.TestPluginContext;

/** The provisioning webhook against a real HTTP receiver. */
class LearnerProvisioningTest {

    private HttpServer receiver;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/provision", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void enrolmentIsPostedWithTheEventIdAsIdempotencyKey() throws Exception {
        LearnerProvisioning provisioning = new LearnerProvisioning(context(
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/provision"));
        StatusChanged enrolled = event("ENROLLED");
        provisioning.onStatusChanged(enrolled);
        assertEquals(1, bodies.size());
        assertTrue(bodies.get(0).contains("\"email\":\"anna@example.org\""), bodies.get(0));
        assertTrue(bodies.get(0).contains("\"program\":\"python-developer\""), bodies.get(0));
        assertEquals(enrolled.eventId().toString(), keys.get(0));
    }

    @Test
    void otherStatusesPostNothing() throws Exception {
        new LearnerProvisioning(context("http://127.0.0.1:" + receiver.getAddress().getPort() + "/provision"))
                .onStatusChanged(event("ACCEPTED"));
        assertEquals(0, bodies.size());
    }

    @Test
    void failingReceiverThrowsSoTheOutboxRetries() {
        status.set(503);
        LearnerProvisioning provisioning = new LearnerProvisioning(context(
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/provision"));
        IOException error = assertThrows(IOException.class, () -> provisioning.onStatusChanged(event("ENROLLED")));
        assertTrue(error.getMessage().contains("503"));
    }

    @Test
    void listensToItsOwnFamilyOnly() {
        LearnerProvisioning provisioning = new LearnerProvisioning(context(""));
        assertTrue(provisioning.appliesTo("digital-chairs"));
        assertTrue(!provisioning.appliesTo("growup"));
    }

    private static StatusChanged event(String to) {
        return new StatusChanged(UUID.randomUUID(), UUID.randomUUID(), "digital-chairs", "DC-000042",
                "python-developer", "anna@example.org", "ACCEPTED", to, "", Instant.now());
    }

    private static PluginContext context(String webhook) {
        return new TestPluginContext("digital-chairs", Map.of("webhook-url", webhook));
    }
}
