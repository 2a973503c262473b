package org.matricula.plugins.mobility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.api.event.DeclarationSubmitted;
import org.matricula.platform.db.SchemaDataSource;
import org.matricula.platform.testing.TestPluginContext;
import org.matricula.platform.testing.TestPostgres;

/** The coordinator digest over the plugin's own schema in real PostgreSQL. */
class CoordinatorDigestIT {

    static HikariDataSource pool;

    @BeforeAll
    static void migrate() {
        pool = new HikariDataSource();
        pool.setJdbcUrl(TestPostgres.newDatabase());
        pool.setUsername("postgres");
        Flyway.configure().dataSource(pool).schemas("mobility").createSchemas(true)
                .locations("classpath:db/migration/mobility").load().migrate();
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void oneDigestPerPeriodListsEachDeclarationOnce() throws Exception {
        TestPluginContext context = new TestPluginContext("mobility",
                Map.of("coordinator-email", "coordinator@urfu.example", "digest-period", "30m"),
                new SchemaDataSource(pool, "mobility"));
        NewDeclarationsRecorder recorder = new NewDeclarationsRecorder(context);
        CoordinatorDigest digest = new CoordinatorDigest(context);
        assertEquals(Duration.ofMinutes(30), digest.period());

        DeclarationSubmitted first = submitted("MB-000001", "Кузнецов");
        recorder.onSubmitted(first);
        recorder.onSubmitted(first); // a retried event is recorded once
        recorder.onSubmitted(submitted("MB-000002", "Соколова"));

        digest.run();
        assertEquals(1, context.mails().size());
        TestPluginContext.Mail mail = context.mails().get(0);
        assertEquals("coordinator@urfu.example", mail.to());
        assertTrue(mail.subject().endsWith("2"), mail.subject());
        assertTrue(mail.body().contains("MB-000001") && mail.body().contains("Соколова"), mail.body());

        digest.run();
        assertEquals(1, context.mails().size(), "nothing new, no mail");
    }

    private static DeclarationSubmitted submitted(String number, String lastName) {
        return new DeclarationSubmitted(UUID.randomUUID(), UUID.randomUUID(), "mobility", number, "mobility",
                "educational-foresight", "Образовательный форсайт", "s@example.org",
                Map.of("lastName", lastName, "firstName", "Имя", "institute", "ИнЭУ"), Instant.now());
    }
}
