package org.matricula.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server keeps its data across a stop and a start on the same folder. */
class EmbeddedDatabaseIT {

    @TempDir
    Path data;

    @Test
    void dataSurvivesRestart() {
        Path folder = data.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(folder, 0)) {
            Jdbi jdbi = Jdbi.create(first.jdbcUrl(), "postgres", "");
            jdbi.useHandle(h -> h.execute("CREATE TABLE kept (note text)"));
            jdbi.useHandle(h -> h.execute("INSERT INTO kept VALUES ('перезапуск')"));
        }
        assertTrue(Files.exists(folder.resolve("PG_VERSION")), "data folder holds a real cluster");
        try (EmbeddedDatabase second = EmbeddedDatabase.start(folder, 0)) {
            String note = Jdbi.create(second.jdbcUrl(), "postgres", "")
                    .withHandle(h -> h.createQuery("SELECT note FROM kept").mapTo(String.class).one());
            assertEquals("перезапуск", note);
            String version = Jdbi.create(second.jdbcUrl(), "postgres", "")
                    .withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
            assertTrue(version.startsWith("17"), "PostgreSQL 17 from the binaries BOM, got " + version);
        }
    }
}
