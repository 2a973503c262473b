package org.matricula.platform.crm.leads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.db.Database;
import org.matricula.platform.testing.TestPostgres;

/**
 * Leads written together: each lead of a batch comes to what it would alone, a revoked source's
 * lead writes nothing, two leads finding one known person are written one after the other, and
 * many leads sent at once by many threads each make their one person.
 */
class LeadWriterIT {

    private static Database database;
    private static Jdbi jdbi;
    private static long source;
    private static long revoked;

    @BeforeAll
    static void migrate() {
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 8, new SimpleMeterRegistry(), null);
        database.migrate();
        jdbi = database.jdbi();
        source = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lead_sources (name, key_prefix, key_hash) VALUES ('site', 'mlk_a', 'a') RETURNING id""")
                .mapTo(Long.class).one());
        revoked = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lead_sources (name, key_prefix, key_hash, revoked_at) VALUES ('old site', 'mlk_b', 'b', now())
                RETURNING id""").mapTo(Long.class).one());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void eachLeadOfABatchComesToItsOwnPersonAndARevokedSourcesLeadToNone() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<LeadWriter.Row> rows = List.of(lead(source, "one-" + tag + "@example.org", null),
                lead(revoked, "gone-" + tag + "@example.org", null), lead(source, null, "+7911" + digits()));
        List<LeadWriter.Written> written = jdbi.withHandle(handle -> LeadWriter.write(handle, rows));

        assertEquals(3, written.size());
        assertEquals(Optional.of(rows.get(0).newPerson()), written.get(0).person());
        assertEquals(Optional.empty(), written.get(1).person(), "a revoked source's lead comes to no one");
        assertEquals(Optional.of(rows.get(2).newPerson()), written.get(2).person());
        assertFalse(written.stream().anyMatch(LeadWriter.Written::again));
        assertEquals(0, count("SELECT count(*) FROM person_contacts WHERE value = :value", "gone-" + tag + "@example.org"));
        for (int i : new int[] {0, 2}) {
            UUID person = rows.get(i).newPerson();
            assertEquals(List.of("LEAD", "STAGE"), strings(
                    "SELECT kind FROM timeline_entries WHERE person_id = :id ORDER BY id", person));
            assertEquals(List.of("interested"), strings("SELECT stage FROM persons WHERE id = :id", person));
            assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = :id", person));
            assertEquals(1, count("SELECT count(*) FROM funnel_stays WHERE person_id = :id", person));
            assertEquals(2, count("SELECT count(*) FROM person_consent_states WHERE person_id = :id", person));
        }
    }

    @Test
    void twoLeadsFindingOneKnownPersonThroughDifferentContactsAreWrittenOneAfterTheOther() {
        String email = "known-" + UUID.randomUUID() + "@example.org";
        String phone = "+7912" + digits();
        LeadWriter.Row first = lead(source, email, phone);
        UUID person = jdbi.withHandle(handle -> LeadWriter.write(handle, List.of(first))).get(0).person().orElseThrow();

        List<LeadWriter.Row> rows = List.of(lead(source, email, null), lead(source, null, phone));
        List<LeadWriter.Written> written = jdbi.withHandle(handle -> LeadWriter.write(handle, rows));
        assertEquals(Optional.of(person), written.get(0).person());
        assertTrue(written.get(1).again(), "the second waits for the next batch");
        assertEquals(2, count("SELECT count(*) FROM timeline_entries WHERE person_id = :id AND kind = 'LEAD'", person));

        LeadWriter.Written again = jdbi.withHandle(handle -> LeadWriter.write(handle, List.of(rows.get(1)))).get(0);
        assertEquals(Optional.of(person), again.person());
        assertEquals(3, count("SELECT count(*) FROM timeline_entries WHERE person_id = :id AND kind = 'LEAD'", person));
        assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = :id", person), "moved once");
    }

    @Test
    void manyLeadsAtOnceFromManyThreadsMakeOnePersonEachAndOnePersonPerSharedAddress() throws Exception {
        LeadWriter writer = new LeadWriter(jdbi);
        String shared = "shared-" + UUID.randomUUID() + "@example.org";
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Optional<UUID>>> answers = new ArrayList<>();
            List<Future<Optional<UUID>>> sharedAnswers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                LeadWriter.Row row = lead(source, "many-" + UUID.randomUUID() + "@example.org", null);
                answers.add(threads.submit(() -> writer.write(row)));
                if (i % 20 == 0) {
                    LeadWriter.Row again = lead(source, shared, "+7913" + digits());
                    sharedAnswers.add(threads.submit(() -> writer.write(again)));
                }
            }
            List<UUID> persons = new ArrayList<>();
            for (Future<Optional<UUID>> answer : answers) {
                persons.add(answer.get().orElseThrow());
            }
            assertEquals(200, persons.stream().distinct().count(), "a person per new address");
            assertTrue(writer.leadsPerBatch() > 1, "written together: " + writer.leadsPerBatch() + " leads per batch");
            List<UUID> sharedPersons = new ArrayList<>();
            for (Future<Optional<UUID>> answer : sharedAnswers) {
                sharedPersons.add(answer.get().orElseThrow());
            }
            assertEquals(1, sharedPersons.stream().distinct().count(), "one person for one address: " + sharedPersons);
            assertEquals(10, count("SELECT count(*) FROM timeline_entries WHERE person_id = :id AND kind = 'LEAD'",
                    sharedPersons.get(0)));
            assertEquals(10, count("SELECT count(*) FROM person_contacts WHERE person_id = :id AND kind = 'PHONE'",
                    sharedPersons.get(0)), "every lead's phone kept");
        } finally {
            threads.shutdownNow();
        }
    }

    private static LeadWriter.Row lead(long sourceId, String email, String phone) {
        Map<String, String> contacts = new LinkedHashMap<>();
        if (email != null) {
            contacts.put(email, "EMAIL");
        }
        if (phone != null) {
            contacts.put(phone, "PHONE");
        }
        Map<String, Boolean> consents = new LinkedHashMap<>();
        consents.put("PROCESSING", true);
        consents.put("MARKETING", false);
        return new LeadWriter.Row(sourceId, UUID.randomUUID(), "Лидова", "Анна", "", "Лидова Анна",
                email == null ? "" : email, phone == null ? "" : phone, contacts, consents,
                "{\"channel\": \"site\"}", Instant.parse("2026-12-02T10:00:00Z"), "lead: site", "Курсы",
                "{\"source\": \"site\"}");
    }

    private static String digits() {
        return String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));
    }

    private static long count(String sql, Object id) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).bind(sql.contains(":value") ? "value" : "id", id)
                .mapTo(Long.class).one());
    }

    private static List<String> strings(String sql, UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).bind("id", id).mapTo(String.class).list());
    }
}
