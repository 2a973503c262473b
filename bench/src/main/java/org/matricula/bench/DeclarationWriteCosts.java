package org.matricula.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.matricula.platform.db.Database;

/**
 * What each part of a declaration's row costs PostgreSQL to write: each of the indexes of
 * {@code declarations} on its own, all of them, and its foreign keys on top. Rows are written
 * into a scratch copy of the table with only the part measured (and the primary key), many in one
 * statement on one connection, so that the time is PostgreSQL's work per row alone: no commits,
 * round trips or other clients in it. The write-ahead log per row is counted too, which does not
 * depend on how busy the machine is. A foreign key to a row every writer shares (the project, the
 * program) costs more under concurrent commits than here, where one transaction locks it once:
 * the 8-client INSERT with the foreign keys ({@link RawInsertWork#withForeignKeys}) shows that.
 */
final class DeclarationWriteCosts {

    private static final String TABLE = "bench_cost";
    /** Rows a statement writes: the accounts of that many applicants are needed, one each. */
    private static final int ROWS = 20_000;
    /** Statements per part, of which the fastest counts: the others met a busier moment. */
    private static final int TRIES = 5;
    private static final Pattern INDEX_DEFINITION =
            Pattern.compile("^CREATE (UNIQUE )?INDEX (\\S+) ON public\\.declarations (.*)$");

    private final Database database;
    private final String values;

    DeclarationWriteCosts(Database database, String values) {
        this.database = database;
        this.values = values;
    }

    /** A part's cost per row: time in microseconds, write-ahead log in bytes. */
    private record Cost(String part, double micros, double walBytes) {

        Cost minus(Cost base) {
            return new Cost(part, micros - base.micros, walBytes - base.walBytes);
        }
    }

    /** An index of the declarations as its definition, written for the scratch table. */
    private record Index(String name, String definition) {

        static Index of(String definition, int number) {
            Matcher matcher = INDEX_DEFINITION.matcher(definition);
            if (!matcher.matches()) {
                throw new IllegalStateException("Unexpected index definition: " + definition);
            }
            return new Index(matcher.group(2), "CREATE " + (matcher.group(1) == null ? "" : matcher.group(1))
                    + "INDEX " + TABLE + "_" + number + " ON " + TABLE + " " + matcher.group(3));
        }
    }

    /** The report's lines: each part's cost per row, the most costly first. */
    List<String> measure() {
        return database.jdbi().withHandle(handle -> {
            List<String> definitions = handle.createQuery("""
                    SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'declarations'
                    ORDER BY indexname""").mapTo(String.class).list();
            List<Index> indexes = new ArrayList<>();
            for (int i = 0; i < definitions.size(); i++) {
                indexes.add(Index.of(definitions.get(i), i));
            }
            Index primaryKey = indexes.stream().filter(index -> index.name().equals("declarations_pkey")).findFirst()
                    .orElseThrow();
            handle.execute("DROP TABLE IF EXISTS bench_cost_accounts");
            handle.execute("CREATE TABLE bench_cost_accounts AS SELECT row_number() OVER (ORDER BY id) AS n, id"
                    + " FROM accounts WHERE role = 'APPLICANT' LIMIT " + ROWS);
            int rows = handle.createQuery("SELECT count(*) FROM bench_cost_accounts").mapTo(Integer.class).one();
            List<String> lines = new ArrayList<>();
            if (rows < ROWS / 10) {
                handle.execute("DROP TABLE bench_cost_accounts");
                lines.add("declaration write costs: skipped, only " + rows + " applicant accounts");
                return lines;
            }
            Target target = handle.createQuery("""
                    SELECT project_id, program_id FROM project_programs ORDER BY project_id, program_id LIMIT 1""")
                    .map((rs, ctx) -> new Target(rs.getLong(1), rs.getLong(2))).one();
            Cost base = written(handle, "the row with its primary key alone", List.of(primaryKey), false, target, rows);
            List<Cost> parts = new ArrayList<>();
            for (Index index : indexes) {
                if (index != primaryKey) {
                    parts.add(written(handle, index.name(), List.of(primaryKey, index), false, target, rows).minus(base));
                }
            }
            parts.sort(Comparator.comparingDouble(Cost::micros).reversed());
            Cost all = written(handle, "all " + indexes.size() + " indexes", indexes, false, target, rows);
            Cost keys = written(handle, "foreign keys to the account, project and program", indexes, true, target, rows)
                    .minus(all);
            handle.execute("DROP TABLE bench_cost_accounts");
            lines.add(String.format(Locale.ROOT, "declaration write costs, %d rows a statement on one connection"
                    + " (fastest of %d): the row with its primary key alone %.1f µs and %.0f B of WAL a row;"
                    + " with all %d indexes %.1f µs and %.0f B; each index on its own, and the foreign keys on top"
                    + " of all indexes, adds:", rows, TRIES, base.micros(), base.walBytes(), indexes.size(),
                    all.micros(), all.walBytes()));
            parts.add(keys);
            for (Cost part : parts) {
                lines.add(String.format(Locale.ROOT, "    %+6.1f µs %+6.0f B  %s", part.micros(), part.walBytes(),
                        part.part()));
            }
            return lines;
        });
    }

    /** The project and program every row is written for. */
    private record Target(long project, long program) {
    }

    private Cost written(Handle handle, String part, List<Index> indexes, boolean foreignKeys, Target target,
            int rows) {
        handle.execute("DROP TABLE IF EXISTS " + TABLE);
        handle.execute("CREATE TABLE " + TABLE + " (LIKE declarations INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        indexes.forEach(index -> handle.execute(index.definition()));
        if (foreignKeys) {
            handle.execute(RawInsertWork.addDeclarationForeignKeys(TABLE));
        }
        double fastest = Double.MAX_VALUE;
        double wal = 0;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            handle.execute("TRUNCATE " + TABLE);
            String before = handle.createQuery("SELECT CAST(pg_current_wal_insert_lsn() AS text)")
                    .mapTo(String.class).one();
            long started = System.nanoTime();
            handle.createUpdate("""
                    INSERT INTO bench_cost (number, account_id, project_id, program_id, family_id, status,
                        holds_place, values, full_name, email, category, organization, locale)
                    SELECT 'C-' || a.n, a.id, :project, :program, 'mobility', 'SUBMITTED', true,
                           CAST(:values AS jsonb), 'Иванова Мария ' || a.n, 'applicant' || a.n || '@example.org',
                           '', '', 'ru'
                    FROM bench_cost_accounts a""").bind("project", target.project()).bind("program", target.program())
                    .bind("values", values).execute();
            double micros = (System.nanoTime() - started) / 1e3 / rows;
            wal = handle.createQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), CAST(:before AS pg_lsn))")
                    .bind("before", before).mapTo(Double.class).one() / rows;
            fastest = Math.min(fastest, micros);
        }
        handle.execute("DROP TABLE " + TABLE);
        return new Cost(part, fastest, wal);
    }
}
