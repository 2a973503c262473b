package org.matricula.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.matricula.platform.db.Database;

/**
 * One autocommitted single-row INSERT per call over plain JDBC, a connection per client thread,
 * into a copy of the declarations table with its defaults and indexes: the database's own write
 * rate, which the submit figures are compared with.
 */
final class RawInsertWork implements LoadDriver.Work {

    /**
     * Connections not in use, kept for the next call: each load round runs on new client threads,
     * and connections kept per thread were left behind by every round, their backends ending
     * (their CPU moving to PostgreSQL's "ended") in the middle of a later phase.
     */
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    /** Opens the baseline's own connections, outside the platform's pool, with its credentials. */
    private final Database database;
    private final String values;
    private final String table;
    private final AtomicLong number = new AtomicLong();
    /** The accounts and programs the rows refer to, each pair once; none for random accounts of program 1. */
    private final List<UUID> accounts;
    private final List<Long> programs;

    private RawInsertWork(Database database, String values, String table, List<UUID> accounts, List<Long> programs) {
        this.database = database;
        this.values = values;
        this.table = table;
        this.accounts = accounts;
        this.programs = programs;
    }

    /** Creates the {@code bench_raw} table; its rows carry those JSON values. */
    static RawInsertWork prepare(Database database, String values) throws SQLException {
        return prepare(database, values, "bench_raw", false);
    }

    /** The same into a table of that name, for a phase of its own. */
    static RawInsertWork into(Database database, String values, String table) throws SQLException {
        return prepare(database, values, table, false);
    }

    /**
     * The same into a table without the three trigram indexes of the registrations search, which
     * every declaration written also writes: what they cost.
     */
    static RawInsertWork withoutTrigramIndexes(Database database, String values) throws SQLException {
        return prepare(database, values, "bench_raw_no_trgm", true);
    }

    /**
     * The same into a table with the declarations' foreign keys to their account, project and
     * program too, each row for an applicant's account and a program of its own pair: what the
     * checks cost under concurrent commits, where every writer locks the same project's row.
     */
    static RawInsertWork withForeignKeys(Database database, String values) throws SQLException {
        RawInsertWork work = prepare(database, values, "bench_raw_keys", false);
        database.jdbi().useHandle(handle -> handle.execute(addDeclarationForeignKeys("bench_raw_keys")));
        List<UUID> accounts = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT id FROM accounts WHERE role = 'APPLICANT' ORDER BY id").mapTo(UUID.class).list());
        List<Long> programs = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT id FROM programs ORDER BY id").mapTo(Long.class).list());
        return new RawInsertWork(database, values, work.table, accounts, programs);
    }

    /** The statement giving a copy of the declarations table their foreign keys to account, project and program. */
    static String addDeclarationForeignKeys(String table) {
        return "ALTER TABLE " + table + " ADD FOREIGN KEY (account_id) REFERENCES accounts (id),"
                + " ADD FOREIGN KEY (project_id) REFERENCES projects (id),"
                + " ADD FOREIGN KEY (program_id) REFERENCES programs (id)";
    }

    private static RawInsertWork prepare(Database database, String values, String table, boolean dropTrigram)
            throws SQLException {
        database.jdbi().useHandle(handle -> {
            handle.execute("CREATE TABLE " + table + " (LIKE declarations INCLUDING DEFAULTS INCLUDING INDEXES)");
            if (dropTrigram) {
                handle.createQuery("SELECT indexname FROM pg_indexes WHERE tablename = :table"
                        + " AND indexdef LIKE '%gin_trgm_ops%'").bind("table", table).mapTo(String.class).list()
                        .forEach(index -> handle.execute("DROP INDEX " + index));
            }
        });
        return new RawInsertWork(database, values, table, List.of(), List.of());
    }

    /** How many indexes each row written to this table writes. */
    int indexes(Database database) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM pg_indexes WHERE tablename = :table").bind("table", table).mapTo(Integer.class)
                .one());
    }

    /**
     * The durability settings as a raw INSERT client's session sees them, e.g.
     * {@code fsync=on, synchronous_commit=on, full_page_writes=on}: the baseline is only like for
     * like if its commits wait for the disk as the platform's do.
     */
    String durability() throws SQLException {
        List<String> settings = new ArrayList<>();
        Connection connection = take();
        try (Statement statement = connection.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet value = statement.executeQuery("SHOW " + name)) {
                    value.next();
                    settings.add(name + "=" + value.getString(1));
                }
            }
        } finally {
            idle.push(connection);
        }
        return String.join(", ", settings);
    }

    private Connection take() throws SQLException {
        Connection connection = idle.poll();
        return connection != null ? connection : database.openDedicated();
    }

    @Override
    public void run(LoadConnection unused) throws Exception {
        Connection connection = take();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO %s (number, account_id, project_id, program_id, family_id, status, holds_place,
                    values, full_name, email, category, locale)
                VALUES (?, ?, 1, ?, 'mobility', 'SUBMITTED', true, ?::jsonb, 'Иванов Иван', 'a@example.org', '',
                    'ru')""".formatted(table))) {
            long row = number.incrementAndGet();
            insert.setString(1, "R-" + row);
            if (accounts.isEmpty()) {
                insert.setObject(2, UUID.randomUUID());
                insert.setLong(3, 1);
            } else {
                insert.setObject(2, accounts.get((int) (row % accounts.size())));
                insert.setLong(3, programs.get((int) (row / accounts.size() % programs.size())));
            }
            insert.setString(4, values);
            insert.executeUpdate();
        } finally {
            idle.push(connection);
        }
    }
}
