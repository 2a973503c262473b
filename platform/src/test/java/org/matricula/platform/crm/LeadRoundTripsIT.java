package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RoundTripCounter;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.testing.TestSessions;

/**
 * How many times a lead over HTTP waits for PostgreSQL, counted on the wire: the key's source
 * (read, its last use written once a minute), then in one transaction the person found or made with
 * its contacts, the consents, the touch, the timeline entry, the funnel's move, and the commit.
 */
class LeadRoundTripsIT {

    /** The count measured when the bound was set (docs/performance.md, "CRM"). */
    static final int MOST = 14;

    static RoundTripCounter counter;
    static RunningPlatform server;

    @BeforeAll
    static void start() {
        counter = RoundTripCounter.in(TestPostgres.newDatabase());
        server = RunningPlatform.start(Map.of("db.url", counter.jdbcUrl(), "db.pool-size", "2",
                "outbox.poll-interval", "1h", "crm.feed-interval", "1h"));
    }

    @AfterAll
    static void stop() {
        server.close();
        counter.close();
    }

    @Test
    void aLeadOfANewPerson() throws Exception {
        TestSessions.Session admin = TestSessions.admin(server);
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Round trips\"}")));
        assertEquals(201, created.statusCode(), created.body());
        String key = new ObjectMapper().readTree(created.body()).path("key").asText();
        send(key);
        for (int i = 0; i < 3; i++) {
            long before = counter.roundTrips();
            send(key);
            long trips = counter.roundTrips() - before;
            System.out.println("lead of a new person: " + trips + " round trips to PostgreSQL");
            assertTrue(trips <= MOST, "a lead made " + trips + " round trips, at most " + MOST + " allowed");
        }
    }

    private static void send(String key) {
        String email = "trips-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> answer = server.send(HttpRequest.newBuilder(server.uri("/api/v1/leads"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lastName\": \"Trips\", \"firstName\": \"Anna\","
                        + " \"email\": \"" + email + "\", \"phone\": \"+7 912 " + (1_000_000 + (int) (Math.random()
                        * 8_999_999)) + "\", \"consentProcessing\": true, \"consentMarketing\": false,"
                        + " \"utm\": {\"utm_source\": \"trips\"}}")));
        assertEquals(202, answer.statusCode(), answer.body());
    }
}
