package org.matricula.plugins.mobility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.api.DataSubject;
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

    @Test
    void anApplicantsNamesAreExportedAndErasedByTheirDeclarationNumbers() throws Exception {
        TestPluginContext context = new TestPluginContext("mobility", Map.of(), new SchemaDataSource(pool, "mobility"));
        NewDeclarationsRecorder recorder = new NewDeclarationsRecorder(context);
        recorder.onSubmitted(submitted("MB-000101", "Забытова"));
        recorder.onSubmitted(submitted("MB-000102", "Остающийся"));
        ApplicantsPersonalData personalData = new ApplicantsPersonalData(context);
        DataSubject subject = new DataSubject(UUID.randomUUID(), "z@example.org", List.of("MB-000101"));

        List<?> exported = (List<?>) personalData.export(subject).get("awaitingCoordinatorDigest");
        assertEquals(1, exported.size(), String.valueOf(exported));
        assertEquals("Забытова Имя", ((Map<?, ?>) exported.get(0)).get("applicant"));

        personalData.erase(subject);
        personalData.erase(subject); // an erasure tried again
        assertTrue(personalData.export(subject).isEmpty());
        DataSubject other = new DataSubject(UUID.randomUUID(), "o@example.org", List.of("MB-000102"));
        assertEquals(1, ((List<?>) personalData.export(other).get("awaitingCoordinatorDigest")).size(),
                "another applicant's row stays");
        personalData.erase(other); // the digest test counts the rows it recorded itself
    }

    private static DeclarationSubmitted submitted(String number, String lastName) {
        return new DeclarationSubmitted(UUID.randomUUID(), UUID.randomUUID(), "mobility", number, "mobility",
                "educational-foresight", "Образовательный форсайт", "s@example.org",
                Map.of("lastName", lastName, "firstName", "Имя", "institute", "ИнЭУ"), Instant.now());
    }
}
