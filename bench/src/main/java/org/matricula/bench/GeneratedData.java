package org.matricula.bench;

import org.jdbi.v3.core.Jdbi;

/**
 * The rows the list and export phases read, made inside PostgreSQL with INSERT ... SELECT
 * generate_series: new programs spread over the three families' projects, applicants, and
 * declarations with six statuses and a month of submission times, in chunks of 100,000.
 */
final class GeneratedData {

    /** New programs; the statements below spell the number out. */
    static final int PROGRAMS = 50;
    /** Rows per statement; a progress line is printed after each. */
    private static final int CHUNK = 100_000;

    private final Jdbi jdbi;
    private final int declarations;
    private final int applicants;
    private final Results results;

    GeneratedData(Jdbi jdbi, int declarations, int applicants, Results results) {
        this.jdbi = jdbi;
        this.declarations = declarations;
        this.applicants = applicants;
        this.results = results;
    }

    void insert() {
        long started = System.nanoTime();
        jdbi.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO programs (code, name, places)
                    SELECT 'bench-' || g, 'Программа ' || g, NULL FROM generate_series(0, 49) g""");
            handle.execute("""
                    CREATE UNLOGGED TABLE bench_map AS
                    SELECT g AS k, pg.id AS program_id, pr.id AS project_id, pr.family_id,
                           (SELECT d.values FROM declarations d WHERE d.project_id = pr.id LIMIT 1) AS values
                    FROM generate_series(0, 49) g
                    JOIN programs pg ON pg.code = 'bench-' || g
                    JOIN (SELECT id, family_id, row_number() OVER (ORDER BY id) - 1 AS n FROM projects) pr
                      ON pr.n = g % 3""");
            handle.execute("""
                    INSERT INTO project_programs (project_id, program_id, position)
                    SELECT project_id, program_id, 100 + k FROM bench_map""");
            handle.execute("""
                    INSERT INTO accounts (email, password_hash, role, display_name, verified_at)
                    SELECT 'bench-' || g || '@example.org', 'not-a-hash', 'APPLICANT', 'Заявитель ' || g, now()
                    FROM generate_series(0, ?) g""", applicants - 1);
            handle.execute("""
                    CREATE UNLOGGED TABLE bench_accounts AS
                    SELECT substring(email FROM 7 FOR position('@' IN email) - 7)::int AS n, id
                    FROM accounts WHERE email LIKE 'bench-%'""");
            handle.execute("CREATE UNIQUE INDEX ON bench_accounts (n)");
        });
        for (int from = 0; from < declarations; from += CHUNK) {
            int to = Math.min(declarations, from + CHUNK) - 1;
            insertDeclarations(from, to);
            System.out.println("generated " + (to + 1) + " declarations, " + Figures.millisSince(started) / 1000
                    + " s");
        }
        jdbi.useHandle(handle -> handle.execute("VACUUM ANALYZE declarations"));
        long total = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM declarations")
                .mapTo(Long.class).one());
        results.addFormatted("generated %d declarations (%d in total) with INSERT ... SELECT generate_series"
                + " in %.1f s", declarations, total, Figures.millisSince(started) / 1000.0);
    }

    private void insertDeclarations(int from, int to) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status,
                    holds_place, values, full_name, email, category, locale, submitted_at, updated_at)
                SELECT 'G-' || g, a.id, m.project_id, m.program_id, m.family_id,
                       (ARRAY['SUBMITTED','ACCEPTED','ENROLLED','REJECTED','WAITLISTED','WITHDRAWN'])[1 + g % 6],
                       false, m.values, 'Заявитель ' || a.n, 'bench-' || a.n || '@example.org',
                       coalesce(m.values ->> 'category', ''), 'ru',
                       now() - (g % 86400) * interval '30 seconds', now()
                FROM generate_series(:from, :to) g
                JOIN bench_accounts a ON a.n = g % :applicants
                JOIN bench_map m ON m.k = (g / :applicants + g % :applicants) % 50""")
                .bind("from", from).bind("to", to).bind("applicants", applicants).execute());
    }
}
