package org.matricula.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.TestPostgres;

/**
 * The registrations search gets trigram indexes where pg_trgm can be created, and the platform
 * still migrates where it cannot, as on a server whose Matricula user may not create extensions.
 */
class TrigramSearchMigrationIT {

    private static final String TRIGRAM_INDEXES = "SELECT indexname FROM pg_indexes WHERE tablename = 'declarations'"
            + " AND indexname LIKE '%trgm' ORDER BY 1";

    @Test
    void theOwnerOfTheDatabaseGetsTheExtensionAndTheIndexes() {
        try (Database database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 2,
                new SimpleMeterRegistry(), null)) {
            database.migrate();
            assertEquals(List.of("declarations_email_trgm", "declarations_full_name_trgm", "declarations_number_trgm"),
                    database.jdbi().withHandle(handle -> handle.createQuery(TRIGRAM_INDEXES).mapTo(String.class).list()));
        }
    }

    @Test
    void aUserWhoMayNotCreateExtensionsStillMigratesWithoutThem() {
        String url = TestPostgres.newDatabase();
        String user = "no_extensions_" + ProcessHandle.current().pid();
        Jdbi.create(url, "postgres", "").useHandle(handle -> {
            handle.execute("DROP ROLE IF EXISTS " + user);
            handle.execute("CREATE ROLE " + user + " LOGIN");
            handle.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + user);
        });
        // The test server's URL names its superuser, which would win over the user given apart.
        String asUser = url.replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
        try (Database database = Database.connect(asUser, user, "", 2, new SimpleMeterRegistry(), null)) {
            assertEquals(user, database.jdbi().withHandle(handle -> handle.createQuery("SELECT current_user")
                    .mapTo(String.class).one()));
            database.migrate();
            Jdbi jdbi = database.jdbi();
            assertEquals(List.of(), jdbi.withHandle(handle -> handle.createQuery(TRIGRAM_INDEXES)
                    .mapTo(String.class).list()));
            assertEquals(0, count(jdbi, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"));
            assertEquals(1, count(jdbi, "SELECT count(*) FROM pg_indexes WHERE indexname = 'declarations_full_name'"),
                    "the rest is there");
        }
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }
}
