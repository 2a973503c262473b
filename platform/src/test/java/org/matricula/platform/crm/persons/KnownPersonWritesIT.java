package org.matricula.platform.crm.persons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.db.Database;
import org.matricula.platform.testing.TestPostgres;

/**
 * What an applicant applying again costs a known person's row: finding the person fills its empty
 * fields with what the record brings (the full name follows), and a record bringing nothing new
 * does not write the row; an event that would move the person to where they stand already does not
 * lock it (a lock is a write of the row), and one that moves them does.
 */
class KnownPersonWritesIT {

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

    @Test
    void anEventFindingThePersonThereAlreadyLeavesTheRowUnlockedAndOneMovingThemMovesThem() {
        Funnel funnel = new Funnel(jdbi, new Timeline(jdbi), Clock.systemUTC());
        UUID id = resolve(new Persons.Record("Moved", "Anna", "", null,
                List.of("moved-" + UUID.randomUUID() + "@example.org"), List.of(), "lead"));
        assertTrue(advance(funnel, id, Funnel.APPLICANT, "declaration 1"));
        String locked = lockedBy(id);
        assertFalse(advance(funnel, id, Funnel.APPLICANT, "declaration 2"));
        assertFalse(advance(funnel, id, Funnel.INTERESTED, "lead"), "never back");
        assertEquals(locked, lockedBy(id), "the row neither written nor locked");
        assertTrue(advance(funnel, id, Funnel.STUDENT, "enrolled"));
        assertEquals(List.of("applicant", "student"), jdbi.withHandle(handle -> handle.createQuery(
                "SELECT to_stage FROM funnel_moves WHERE person_id = :id ORDER BY id").bind("id", id)
                .mapTo(String.class).list()));
    }

    private static boolean advance(Funnel funnel, UUID id, String stage, String event) {
        Boolean moved = jdbi.inTransaction(handle -> funnel.advance(handle, id, stage, event, Instant.now()));
        return moved;
    }

    /** The row version and the last transaction that locked or deleted it. */
    private static String lockedBy(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT xmin::text || '/' || xmax::text || ctid::text FROM persons WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
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
