package org.matricula.platform.crm.leads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
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
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.testing.TestPostgres;

/**
 * The lead inbox: leads waiting together are written in one claim, each to what it would come to
 * alone; leads of one address make one person whatever batch they share, in the order they came;
 * a revoked source's lead is not kept; a lead that cannot be written holds no other back and keeps
 * its row with the failure; workers on several nodes write each lead once.
 */
class LeadInboxIT {

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
    void leadsWaitingTogetherAreWrittenInOneClaimEachToItsOwnPerson() {
        LeadInbox inbox = inbox();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<LeadWriter.Row> rows = List.of(lead("one-" + tag + "@example.org", null, "first"),
                lead(null, "+7911" + digits(), "second"), lead("three-" + tag + "@example.org", "+7911" + digits(), "third"));
        rows.forEach(row -> assertTrue(inbox.put(source, row).isPresent()));
        assertEquals(Optional.empty(), inbox.put(revoked, lead("gone-" + tag + "@example.org", null, "gone")),
                "a revoked source's lead is not kept");

        assertEquals(3, inbox.writeWaiting());
        assertEquals(0, inbox.waiting());
        for (LeadWriter.Row row : rows) {
            UUID person = row.newPerson();
            assertEquals(List.of("LEAD", "STAGE"), strings(
                    "SELECT kind FROM timeline_entries WHERE person_id = :id ORDER BY id", person));
            assertEquals(List.of("interested"), strings("SELECT stage FROM persons WHERE id = :id", person));
            assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = :id", person));
            assertEquals(1, count("SELECT count(*) FROM funnel_stays WHERE person_id = :id", person));
            assertEquals(2, count("SELECT count(*) FROM person_consent_states WHERE person_id = :id", person));
            assertEquals(row.contacts().size(), count("SELECT count(*) FROM person_contacts WHERE person_id = :id", person));
        }
        assertEquals(0, count("SELECT count(*) FROM person_contacts WHERE value = :value", "gone-" + tag + "@example.org"));
    }

    @Test
    void leadsOfOneAddressWaitingTogetherMakeOnePersonInTheOrderTheyCame() {
        LeadInbox inbox = inbox();
        String email = "known-" + UUID.randomUUID() + "@example.org";
        String phone = "+7912" + digits();
        // the third finds the person through the phone the first brought: it waits for the first's statement
        List<LeadWriter.Row> rows = List.of(lead(email, phone, "first"), lead(email, null, "second"),
                lead(null, phone, "third"), lead("other-" + UUID.randomUUID() + "@example.org", null, "other"));
        rows.forEach(row -> inbox.put(source, row));
        assertEquals(4, inbox.writeWaiting());

        UUID person = rows.get(0).newPerson();
        assertEquals(3, count("SELECT count(*) FROM timeline_entries WHERE person_id = :id AND kind = 'LEAD'", person));
        assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = :id", person), "moved once");
        assertEquals(List.of("first|third"), strings("SELECT (first_touch ->> 'campaign') || '|'"
                + " || (last_touch ->> 'campaign') FROM persons WHERE id = :id", person));
        assertEquals(0, count("SELECT count(*) FROM persons WHERE id = :id", rows.get(1).newPerson()));
        assertEquals(1, count("SELECT count(*) FROM persons WHERE id = :id", rows.get(3).newPerson()));
    }

    @Test
    void aLeadWithCharactersTheDatabaseCannotHoldIsRefusedFieldByFieldAndNotKept() {
        LeadIntake intake = new LeadIntake(jdbi, inbox(), java.time.Clock.systemUTC());
        LeadSources.Source site = new LeadSources.Source(source, "site", "mlk_a", Instant.now(), null, null);
        String email = "nul-" + UUID.randomUUID() + "@example.org";
        Lead lead = new Lead("\u0000", "\u0000\u0000", null, email, null, null, "курс\u0000", true, null, null,
                null, Map.of("utm_source", "vk\uFFFF"), null);

        org.matricula.platform.errors.InvalidInputException refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.matricula.platform.errors.InvalidInputException.class,
                () -> intake.take(site, lead, java.util.Locale.ENGLISH));

        assertEquals(List.of("lastName", "firstName", "interest", "utm.utm_source", "firstName"),
                refused.errors().stream().map(problem -> problem.field()).toList());
        assertEquals("Holds control characters that cannot be kept", refused.errors().get(0).message());
        assertEquals("Give a first or a last name", refused.errors().get(4).message(),
                "a name of NUL characters is no name");
        assertEquals(0, count("SELECT count(*) FROM lead_inbox WHERE strpos(CAST(lead AS text), :value) > 0", email));
    }

    @Test
    void aLeadThatCannotBeWrittenHoldsNoOtherBackAndKeepsItsRowWithTheFailure() {
        LeadInbox inbox = inbox();
        LeadWriter.Row before = lead("before-" + UUID.randomUUID() + "@example.org", null, "before");
        inbox.put(source, before);
        long broken = jdbi.withHandle(handle -> handle.createQuery(
                "INSERT INTO lead_inbox (source_id, lead) VALUES (:source, '{\"newPerson\": 42}') RETURNING id")
                .bind("source", source).mapTo(Long.class).one());
        LeadWriter.Row after = lead("after-" + UUID.randomUUID() + "@example.org", null, "after");
        inbox.put(source, after);

        for (int attempt = 0; attempt < LeadInbox.MOST_ATTEMPTS + 2; attempt++) {
            inbox.writeWaiting();
        }
        assertEquals(1, count("SELECT count(*) FROM persons WHERE id = :id", before.newPerson()));
        assertEquals(1, count("SELECT count(*) FROM persons WHERE id = :id", after.newPerson()));
        assertEquals(List.of(LeadInbox.MOST_ATTEMPTS + "|true"), jdbi.withHandle(handle -> handle.createQuery(
                "SELECT attempts || '|' || (failure <> '') FROM lead_inbox WHERE id = :id").bind("id", broken)
                .mapTo(String.class).list()), "kept for an administrator, no longer tried");
        assertTrue(inbox.givenUp().stream().anyMatch(lead -> lead.id() == broken && !lead.failure().isBlank()));
        jdbi.useHandle(handle -> handle.execute("DELETE FROM lead_inbox WHERE id = ?", broken));
    }

    @Test
    void anAdministratorTriesALeadGivenUpOnAgainOrThrowsItAway() throws Exception {
        LeadInbox inbox = inbox();
        long broken = givenUp();
        long waiting = inbox.put(source, lead("waiting-" + UUID.randomUUID() + "@example.org", null, "w")).orElseThrow();
        assertFalse(inbox.retry(waiting), "a lead still being tried is not the administrator's");
        assertFalse(inbox.discard(waiting));
        inbox.writeWaiting();

        // the cause mended (here: the lead itself), the lead is written on the next attempt
        LeadWriter.Row mended = lead("mended-" + UUID.randomUUID() + "@example.org", null, "mended");
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE lead_inbox SET lead = CAST(:lead AS json) WHERE id = :id")
                .bind("lead", JsonMapper.create().writeValueAsString(mended)).bind("id", broken).execute());
        assertTrue(inbox.retry(broken));
        assertEquals(1, inbox.writeWaiting());
        assertEquals(1, count("SELECT count(*) FROM persons WHERE id = :id", mended.newPerson()));
        assertTrue(inbox.givenUp().stream().noneMatch(lead -> lead.id() == broken));

        long thrownAway = givenUp();
        assertTrue(inbox.discard(thrownAway));
        assertFalse(inbox.discard(thrownAway));
        assertEquals(0, count("SELECT count(*) FROM lead_inbox WHERE id = :id", thrownAway));
    }

    /** A lead the worker gave up on. */
    private static long givenUp() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO lead_inbox (source_id, lead, attempts, failure)
                VALUES (:source, '{"newPerson": 42}', :most, 'not a lead') RETURNING id""")
                .bind("source", source).bind("most", LeadInbox.MOST_ATTEMPTS).mapTo(Long.class).one());
    }

    @Test
    void workersOnSeveralNodesWriteEachLeadOnceAndOnePersonPerSharedAddress() throws Exception {
        LeadInbox taking = inbox();
        String shared = "shared-" + UUID.randomUUID() + "@example.org";
        List<LeadWriter.Row> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(i % 20 == 0 ? lead(shared, "+7913" + digits(), "shared")
                    : lead("many-" + UUID.randomUUID() + "@example.org", null, "many"));
        }
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> written = new ArrayList<>();
            for (int node = 0; node < 4; node++) {
                LeadInbox worker = inbox();
                written.add(nodes.submit(() -> {
                    int total = 0;
                    for (int round = 0; round < 200; round++) {
                        total += worker.writeWaiting();
                        Thread.sleep(2);
                    }
                    return total;
                }));
            }
            for (LeadWriter.Row row : rows) {
                taking.put(source, row);
            }
            int total = 0;
            for (Future<Integer> answer : written) {
                total += answer.get();
            }
            total += taking.writeWaiting();
            assertEquals(300, total, "each lead written once");
        } finally {
            nodes.shutdownNow();
        }
        UUID person = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT person_id FROM person_contacts WHERE kind = 'EMAIL' AND value = :email").bind("email", shared)
                .mapTo(UUID.class).one());
        assertEquals(15, count("SELECT count(*) FROM timeline_entries WHERE person_id = :id AND kind = 'LEAD'", person));
        assertEquals(15, count("SELECT count(*) FROM person_contacts WHERE person_id = :id AND kind = 'PHONE'", person),
                "every lead's phone kept");
        assertEquals(1, count("SELECT count(*) FROM funnel_moves WHERE person_id = :id", person));
        assertEquals(285, rows.stream().filter(row -> row.email().startsWith("many-"))
                .mapToLong(row -> count("SELECT count(*) FROM persons WHERE id = :id", row.newPerson())).sum());
    }

    private static LeadWriter.Row lead(String email, String phone, String campaign) {
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
        return new LeadWriter.Row(UUID.randomUUID(), "Лидова", "Анна", "", "Лидова Анна",
                email == null ? "" : email, phone == null ? "" : phone, contacts, consents,
                "{\"channel\": \"site\", \"campaign\": \"" + campaign + "\"}", Instant.parse("2026-12-02T10:00:00Z"),
                "lead: site", "Курсы", "{\"source\": \"site\"}", null, null);
    }

    private static LeadInbox inbox() {
        return new LeadInbox(jdbi, new MarketingConfirmations(jdbi, new Outbox(jdbi, JsonMapper.create()),
                "http://matricula.test", Clock.systemUTC()));
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
