package org.matricula.platform.crm.persons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.db.Database;
import org.matricula.platform.testing.TestPostgres;

/**
 * Finding a known person: what the record brings fills the person's empty fields, the full name
 * follows, and a record that brings nothing new (an applicant applying again) does not write the
 * person's row at all.
 */
class PersonsResolveIT {

    private static Database database;
    private static Jdbi jdbi;
    private static Persons persons;

    @BeforeAll
    static void migrate() {
        database = Database.connect(TestPostgres.newDatabase(), "postgres", "", 4, new SimpleMeterRegistry(), null);
        database.migrate();
        jdbi = database.jdbi();
        persons = new Persons(jdbi);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void aRecordFillsTheEmptyFieldsAndOneBringingNothingNewLeavesTheRowAsItWas() {
        String email = "again-" + UUID.randomUUID() + "@example.org";
        UUID id = resolve(new Persons.Record("", "Anna", "", null, List.of(email), List.of(), "lead"));
        String version = version(id);

        UUID again = resolve(new Persons.Record("Petrova", "Maria", "Sergeevna", LocalDate.parse("1995-03-08"),
                List.of(email), List.of("+79123456701"), "declaration"));
        assertEquals(id, again);
        assertEquals("Petrova|Anna|Sergeevna|Petrova Anna Sergeevna|1995-03-08|+79123456701", row(id),
                "the empty fields filled, the first name kept");
        assertNotEquals(version, version(id));

        String filled = version(id);
        resolve(new Persons.Record("Petrova", "Anna", "Sergeevna", LocalDate.parse("1995-03-08"), List.of(email),
                List.of("+79123456701"), "declaration"));
        resolve(new Persons.Record("Other", "", "", LocalDate.parse("2000-01-01"), List.of(email), List.of(),
                "declaration"));
        assertEquals(filled, version(id), "nothing new: the row is not written");
        assertEquals("Petrova|Anna|Sergeevna|Petrova Anna Sergeevna|1995-03-08|+79123456701", row(id));
    }

    private static UUID resolve(Persons.Record record) {
        return jdbi.inTransaction(handle -> persons.resolve(handle, record, Optional.empty()).id());
    }

    /** The row version's transaction and place: both change when the row is written. */
    private static String version(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT xmin::text || ctid::text FROM persons WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private static String row(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT last_name || '|' || first_name || '|' || middle_name || '|' || full_name || '|'
                       || birth_date || '|' || phone FROM persons WHERE id = :id""")
                .bind("id", id).mapTo(String.class).one());
    }
}
