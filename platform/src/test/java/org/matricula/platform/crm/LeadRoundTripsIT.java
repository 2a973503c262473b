package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.crm.leads.MarketingConfirmations;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RoundTripCounter;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.testing.TestSessions;

/**
 * How many times a lead over HTTP waits for PostgreSQL, counted on the wire, and that the lead,
 * written from the lead inbox with others in one statement, keeps what the steps it replaced kept:
 * one person per human (also when the same address arrives at once from several clients), the
 * person row written once, the contacts, consents, touches, the funnel's move and the timeline's
 * entries. The platform here only takes leads ({@code crm.lead-writer=false}); the test writes them
 * past the counter, so that the counter sees the requests only.
 */
class LeadRoundTripsIT {

    /**
     * The lead: one row into the lead inbox, committed (docs/performance.md, "Lead intake through
     * the inbox"). The key's source is read once a minute per node (its last use written then), not
     * for every lead. It was 14 before the lead became one statement, 2 before the key was remembered.
     */
    static final int MOST = 1;

    static RoundTripCounter counter;
    static RunningPlatform server;
    static Jdbi database;
    static LeadInbox inbox;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        String url = TestPostgres.newDatabase();
        counter = RoundTripCounter.in(url);
        // Two pooled connections; a lead sent right after another reuses a connection that is then
        // not validated on borrow (as in SubmitRoundTripsIT). The outbox worker and the CRM's feed
        // wait, so that the counter sees only the requests.
        server = RunningPlatform.start(Map.of("db.url", counter.jdbcUrl(), "db.pool-size", "2",
                "outbox.poll-interval", "1h", "crm.feed-interval", "1h", "crm.lead-writer", "false"));
        database = Jdbi.create(url, "postgres", "");
        inbox = new LeadInbox(database, new MarketingConfirmations(database,
                new Outbox(database, JsonMapper.create()), "http://matricula.test", Clock.systemUTC()));
        TestSessions.Session admin = TestSessions.admin(server);
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Round trips\"}")));
        assertEquals(201, created.statusCode(), created.body());
        key = new ObjectMapper().readTree(created.body()).path("key").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
        counter.close();
    }

    @Test
    void aLeadOfANewPerson() {
        List<Long> counted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            send("trips-" + UUID.randomUUID() + "@example.org", phone(), "warm");
            long before = counter.roundTrips();
            String person = send("trips-" + UUID.randomUUID() + "@example.org", phone(), "trips");
            long trips = counter.roundTrips() - before;
            System.out.println("lead of a new person: " + trips + " round trips to PostgreSQL");
            counted.add(trips);
            assertEquals(List.of("interested"), column("SELECT coalesce(stage, '') FROM persons WHERE id = :id", person));
            assertEquals(2, count("SELECT count(*) FROM person_contacts WHERE person_id = :id", person));
            // processing only: a lead's "no news" withdraws nothing, so it is not recorded
            assertEquals(1, count("SELECT count(*) FROM person_consents WHERE person_id = :id", person));
            assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = :id AND from_stage IS NULL"
                    + " AND to_stage = 'interested' AND automatic AND reason = 'lead: Round trips'", person));
            assertEquals(List.of("LEAD", "STAGE"), column(
                    "SELECT kind FROM timeline_entries WHERE person_id = :id ORDER BY id", person));
            assertEquals(1, count("SELECT count(*) FROM timeline_entries t JOIN funnel_moves m ON m.person_id = t.person_id"
                    + " WHERE t.person_id = :id AND t.kind = 'STAGE' AND t.source_ref = 'stage:' || m.id"
                    + " AND t.details ->> 'to' = 'interested' AND t.details -> 'from' = 'null'::jsonb", person));
            assertEquals(List.of("trips|trips|Trips Anna|true"), column("SELECT (first_touch -> 'utm' ->> 'utm_source') || '|'"
                    + " || (last_touch -> 'utm' ->> 'utm_source') || '|' || full_name || '|' || (stage_since IS NOT NULL)"
                    + " FROM persons WHERE id = :id", person));
            assertStaysAsComputed(person, 1);
        }
        // The fewest of three: the counter sees the whole platform, so a periodic task's query or the
        // pool validating a connection idle for a while (on a slow machine) may fall into one lead.
        long fewest = Collections.min(counted);
        assertTrue(fewest <= MOST, "a lead made " + counted + " round trips, at most " + MOST + " allowed");
    }

    @Test
    void aSecondLeadFindsThePersonKeepsTheFirstTouchAndDoesNotMoveThemAgain() {
        String email = "again-" + UUID.randomUUID() + "@example.org";
        String first = send(email, phone(), "first");
        List<Long> counted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long before = counter.roundTrips();
            String again = send(email.toUpperCase(), phone(), "second");
            counted.add(counter.roundTrips() - before);
            System.out.println("lead of a known person: " + counted.get(i) + " round trips to PostgreSQL");
            assertEquals(first, again, "the same address finds the same person");
        }
        // the fewest of three, as for a new person: the counter sees the whole platform
        long fewest = Collections.min(counted);
        assertTrue(fewest <= MOST, "a lead made " + counted + " round trips, at most " + MOST + " allowed");
        assertEquals(5, count("SELECT count(*) FROM person_contacts WHERE person_id = :id", first),
                "each later lead's new phone is added");
        assertEquals(4, count("SELECT count(*) FROM person_consents WHERE person_id = :id", first),
                "each lead's processing consent");
        assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = :id", first));
        assertEquals(List.of("LEAD", "STAGE", "LEAD", "LEAD", "LEAD"), column(
                "SELECT kind FROM timeline_entries WHERE person_id = :id ORDER BY id", first));
        assertEquals(List.of("first|second"), column("SELECT (first_touch -> 'utm' ->> 'utm_source') || '|'"
                + " || (last_touch -> 'utm' ->> 'utm_source') FROM persons WHERE id = :id", first));
        assertStaysAsComputed(first, 1);
    }

    @Test
    void aKeyRevokedOnAnotherNodeStopsTheNextLeadAndWritesNothing() throws Exception {
        TestSessions.Session admin = TestSessions.admin(server);
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Revoked elsewhere\"}")));
        JsonNode source = new ObjectMapper().readTree(created.body());
        String revokedKey = source.path("key").asText();
        assertEquals(202, lead(revokedKey, "before-" + UUID.randomUUID() + "@example.org").statusCode(),
                "this node now remembers the key");
        // as another node's admin revokes it: this node's memory of the key is not told
        database.useHandle(handle -> handle.createUpdate("UPDATE lead_sources SET revoked_at = now() WHERE id = :id")
                .bind("id", source.path("source").path("id").asLong()).execute());
        String email = "after-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> refused = lead(revokedKey, email);
        assertEquals(401, refused.statusCode(), refused.body());
        writeWaiting();
        assertEquals(Long.valueOf(0), database.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM person_contacts WHERE value = :email").bind("email", email).mapTo(Long.class).one()));
    }

    /** The funnel's stays kept for the person (V67, V95) are those computed from their moves. */
    private static void assertStaysAsComputed(String person, int stays) {
        String columns = "move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at, earlier_same_stage";
        assertEquals(stays, count("SELECT count(*) FROM funnel_stays WHERE person_id = :id", person));
        assertEquals(0, count("SELECT count(*) FROM (SELECT " + columns + " FROM funnel_stays WHERE person_id = :id"
                + " EXCEPT SELECT " + columns + " FROM funnel_stays_computed WHERE person_id = :id) differing", person));
        assertEquals(0, count("SELECT count(*) FROM (SELECT " + columns + " FROM funnel_stays_computed WHERE person_id = :id"
                + " EXCEPT SELECT " + columns + " FROM funnel_stays WHERE person_id = :id) differing", person));
    }

    @Test
    void theSameAddressFromEightClientsAtOnceMakesOnePerson() throws Exception {
        String email = "race-" + UUID.randomUUID() + "@example.org";
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(clients.submit(() -> send(email, phone(), "race")));
            }
            List<String> persons = new ArrayList<>();
            for (Future<String> answer : answers) {
                persons.add(answer.get());
            }
            assertEquals(1, persons.stream().distinct().count(), "one person for one address: " + persons);
            assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = :id", persons.get(0)));
            assertEquals(8, count("SELECT count(*) FROM timeline_entries WHERE person_id = :id AND kind = 'LEAD'",
                    persons.get(0)));
            assertStaysAsComputed(persons.get(0), 1);
        } finally {
            clients.shutdownNow();
        }
    }

    private static long count(String sql, String person) {
        return database.withHandle(handle -> handle.createQuery(sql).bind("id", UUID.fromString(person))
                .mapTo(Long.class).one());
    }

    private static List<String> column(String sql, String person) {
        return database.withHandle(handle -> handle.createQuery(sql).bind("id", UUID.fromString(person))
                .mapTo(String.class).list());
    }

    private static String phone() {
        return "+7 912 " + (1_000_000 + (int) (Math.random() * 8_999_999));
    }

    /** Writes the waiting leads, also those another thread of the test is writing at the moment. */
    private static void writeWaiting() {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (inbox.waiting() > 0) {
            if (inbox.writeWaiting() == 0) {
                assertTrue(System.nanoTime() < deadline, "leads still waiting after 15 s");
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static HttpResponse<String> lead(String sourceKey, String email) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v1/leads"))
                .header("Authorization", "Bearer " + sourceKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"firstName\": \"Anna\", \"email\": \"" + email + "\","
                        + " \"consentProcessing\": true}")));
    }

    private static String send(String email, String phone, String source) {
        HttpResponse<String> answer = server.send(HttpRequest.newBuilder(server.uri("/api/v1/leads"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lastName\": \"Trips\", \"firstName\": \"Anna\","
                        + " \"email\": \"" + email + "\", \"phone\": \"" + phone + "\", \"consentProcessing\": true,"
                        + " \"consentMarketing\": false, \"utm\": {\"utm_source\": \"" + source + "\"}}")));
        assertEquals(202, answer.statusCode(), answer.body());
        writeWaiting();
        return database.withHandle(handle -> handle.createQuery(
                "SELECT person_id::text FROM person_contacts WHERE kind = 'EMAIL' AND value = lower(:email)")
                .bind("email", email).mapTo(String.class).one());
    }
}
