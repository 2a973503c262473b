package org.matricula.bench;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The CRM's feed, as the platform runs it (every second, one node at a time): how fast it takes new
 * applicant accounts in, and then a declaration of each with its submission and a mail. Each
 * account becomes a person; each declaration fills the person's names and phone, goes on the
 * timeline with its mail, records the consent and moves the person to "applicant". The rows are
 * written at once, as after a busy hour on a node whose feed had stopped, and the time is until
 * the CRM holds all of them; the feed's and PostgreSQL's CPU per declaration are reported too.
 */
final class FeedBench {

    static final int DECLARATIONS = 10_000;

    private final Jdbi jdbi;
    private final Results results;
    private final long postmaster;

    FeedBench(Jdbi jdbi, Results results, long postmaster) {
        this.jdbi = jdbi;
        this.results = results;
        this.postmaster = postmaster;
    }

    void run() throws InterruptedException {
        String tag = "feed-" + UUID.randomUUID();
        awaitCaughtUp(tag, 1800);
        Map<String, Object> program = jdbi.withHandle(h -> h.createQuery("""
                SELECT l.project_id, l.program_id, p.family_id FROM project_programs l
                JOIN projects p ON p.id = l.project_id ORDER BY l.project_id, l.program_id LIMIT 1""")
                .mapToMap().one());

        CpuSample before = CpuSample.take(postmaster);
        long started = System.nanoTime();
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO accounts (email, password_hash)
                SELECT ? || '-' || g || '@example.org', 'not-a-hash' FROM generate_series(1, ?) g""",
                tag, DECLARATIONS));
        awaitCaughtUp(tag, 600);
        long accountsMs = Figures.millisSince(started);
        CpuUse accounts = CpuSample.take(postmaster).since(before);

        before = CpuSample.take(postmaster);
        started = System.nanoTime();
        jdbi.useTransaction(h -> {
            List<UUID> ids = h.createQuery("""
                    INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status, values,
                                              email, full_name)
                    SELECT 'FEED-' || nextval('declaration_numbers'), a.id, :project, :program, :family, 'SUBMITTED',
                           jsonb_build_object('lastName', 'Лентова', 'firstName', 'Анна', 'birthDate', '2001-02-03',
                                              'phone', '+7912' || lpad(n::text, 7, '0')),
                           a.email, 'Лентова Анна'
                    FROM (SELECT id, email, row_number() OVER (ORDER BY email) AS n FROM accounts
                          WHERE email LIKE :tag || '-%') a
                    RETURNING id""")
                    .bind("project", program.get("project_id")).bind("program", program.get("program_id"))
                    .bind("family", program.get("family_id")).bind("tag", tag).mapTo(UUID.class).list();
            h.createUpdate("""
                    INSERT INTO declaration_history (declaration_id, from_status, to_status, comment)
                    SELECT id, NULL, 'SUBMITTED', '' FROM unnest(CAST(:ids AS uuid[])) id""")
                    .bindArray("ids", UUID.class, ids.toArray()).execute();
            h.createUpdate("""
                    INSERT INTO mail_log (recipient, subject, body, delivery)
                    SELECT email, 'Declaration received', '', 'KEPT' FROM accounts WHERE email LIKE :tag || '-%'""")
                    .bind("tag", tag).execute();
        });
        awaitCaughtUp(tag, 1800);
        long declarationsMs = Figures.millisSince(started);
        CpuUse declarations = CpuSample.take(postmaster).since(before);

        long persons = count("""
                SELECT count(*) FROM persons p JOIN person_accounts pa ON pa.person_id = p.id
                JOIN accounts a ON a.id = pa.account_id
                WHERE a.email LIKE :tag || '-%' AND p.stage = 'applicant' AND p.full_name = 'Лентова Анна'""", tag);
        long entries = count("""
                SELECT count(*) FROM timeline_entries t JOIN person_accounts pa ON pa.person_id = t.person_id
                JOIN accounts a ON a.id = pa.account_id
                WHERE a.email LIKE :tag || '-%' AND t.kind IN ('DECLARATION', 'STAGE', 'MAIL')""", tag);
        results.addFormatted("CRM feed: %d new accounts taken in in %d ms = %.0f per second; feed %.2f ms and"
                + " PostgreSQL %.2f ms of CPU per account", DECLARATIONS, accountsMs,
                DECLARATIONS * 1000.0 / accountsMs, accounts.millis(CpuUse.FEED) / DECLARATIONS,
                accounts.postgresMillis() / DECLARATIONS);
        results.addFormatted("CRM feed: %d declarations, each with its submission and a mail, taken in in %d ms"
                + " = %.0f per second; feed %.2f ms and PostgreSQL %.2f ms of CPU per declaration (the retail"
                + " deals' job among it)", DECLARATIONS, declarationsMs, DECLARATIONS * 1000.0 / declarationsMs,
                declarations.millis(CpuUse.FEED) / DECLARATIONS, declarations.postgresMillis() / DECLARATIONS);
        results.addFormatted("CRM feed: %d of %d persons named and moved to applicant, %d timeline entries"
                + " (declaration, stage, mail each: %d)  [%s]", persons, DECLARATIONS, entries, 3 * DECLARATIONS,
                Figures.met(persons == DECLARATIONS && entries == 3L * DECLARATIONS));
    }

    /**
     * Waits until the feed has read every history row and mail there is (its marks reach the last
     * ones) and tied every account of this run to a person.
     */
    private void awaitCaughtUp(String tag, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (count("""
                SELECT (SELECT count(*) FROM accounts a WHERE a.email LIKE :tag || '-%'
                          AND NOT EXISTS (SELECT 1 FROM person_accounts pa WHERE pa.account_id = a.id))
                     + (SELECT count(*) FROM declaration_history
                        WHERE id > (SELECT coalesce(max(last_id), 0) FROM crm_sync WHERE source = 'declaration_history'))
                     + (SELECT count(*) FROM mail_log
                        WHERE id > (SELECT coalesce(max(last_id), 0) FROM crm_sync WHERE source = 'mail_log'))""",
                tag) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the CRM feed did not catch up in " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    private long count(String sql, String tag) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("tag", tag).mapTo(Long.class).one());
    }
}
