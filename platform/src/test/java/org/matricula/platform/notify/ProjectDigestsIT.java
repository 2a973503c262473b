package org.matricula.platform.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matricula.platform.db.Database;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.testing.TestPostgres;

/** Digests of new declarations: one mail per recipient per period, each declaration reported once. */
class ProjectDigestsIT {

    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    Database database;
    Jdbi jdbi;
    Instant now = START;
    ProjectDigests digests;
    long project;
    long program;

    @BeforeEach
    void start() {
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 10, new SimpleMeterRegistry(), null);
        database.migrate();
        jdbi = database.jdbi();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        digests = new ProjectDigests(jdbi, new Outbox(jdbi, JsonMapper.create()), "https://apply.example.org",
                Duration.ofHours(1), clock);
        project = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO projects (slug, name, family_id, digest_recipients, created_at)
                VALUES ('dc', 'Цифровые кафедры', 'digital-chairs', 'dean@example.org, office@example.org', :at)
                RETURNING id""").bind("at", START.minus(Duration.ofDays(1))).mapTo(Long.class).one());
        program = jdbi.withHandle(h -> h.createQuery(
                "INSERT INTO programs (code, name) VALUES ('python', 'Python') RETURNING id").mapTo(Long.class).one());
    }

    @AfterEach
    void stop() {
        digests.close();
        database.close();
    }

    @Test
    void oneMailPerRecipientListsEveryNewDeclarationOnce() {
        declaration("2026-000001", "Иванова Мария", START.minusSeconds(600));
        declaration("2026-000002", "Петров Пётр", START.minusSeconds(60));

        assertEquals(2, digests.sendDue(), "a mail for each of the two recipients");
        List<String> bodies = mailBodies();
        assertEquals(2, bodies.size());
        assertTrue(bodies.get(0).contains("2026-000001") && bodies.get(0).contains("Петров Пётр"), bodies.get(0));
        assertTrue(bodies.get(0).contains("https://apply.example.org/admin/declarations/"));

        declaration("2026-000003", "Сидоров Иван", START.plusSeconds(60));
        now = START.plus(Duration.ofMinutes(30));
        assertEquals(0, digests.sendDue(), "not before the period has passed");

        now = START.plus(Duration.ofMinutes(61));
        assertEquals(2, digests.sendDue());
        List<String> later = mailBodies().subList(2, 4);
        assertTrue(later.get(0).contains("2026-000003"));
        assertTrue(!later.get(0).contains("2026-000001"), "already reported declarations are not repeated");

        now = START.plus(Duration.ofHours(3));
        assertEquals(0, digests.sendDue(), "no mail when nothing is new");
    }

    @Test
    void nodesRunningAtOnceSendTheDigestOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            declaration("2026-1000" + i, "Заявитель " + i, START.minusSeconds(100 + i));
        }
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> runs = List.of(digests::sendDue, digests::sendDue, digests::sendDue, digests::sendDue);
        int queued = 0;
        for (Future<Integer> run : nodes.invokeAll(runs)) {
            queued += run.get();
        }
        nodes.shutdown();
        assertEquals(2, queued);
        assertEquals(2, mailBodies().size());
    }

    /** Each declaration from an account of its own, as one account applies to a program once. */
    private void declaration(String number, String name, Instant at) {
        UUID applicant = jdbi.withHandle(h -> h.createQuery(
                "INSERT INTO accounts (email, password_hash) VALUES (:email, 'x') RETURNING id")
                .bind("email", number + "@example.org").mapTo(UUID.class).one());
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status, values,
                                          full_name, email, submitted_at)
                VALUES (:number, :account, :project, :program, 'digital-chairs', 'SUBMITTED', '{}', :name,
                        'a@example.org', :at)""")
                .bind("number", number).bind("account", applicant)
                .bind("project", project).bind("program", program).bind("name", name).bind("at", at).execute());
    }

    private List<String> mailBodies() {
        return jdbi.withHandle(h -> h.createQuery("SELECT payload->>'body' FROM outbox WHERE kind = 'mail' ORDER BY id")
                .mapTo(String.class).list());
    }
}
