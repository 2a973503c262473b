package org.matricula.bench;

import org.jdbi.v3.core.Jdbi;

/**
 * The invoices the bank and arrears phases read, made inside PostgreSQL with INSERT ... SELECT
 * generate_series: {@value #PAYERS} paying persons (a tenth of them in one of {@value #ORGANIZATIONS}
 * organizations, 500 with a known INN) and {@code invoices} invoices over the programs, a fifth of
 * them to an organization, issued over the last 300 days with two instalments each (due after 10
 * and 70 days), a quarter unpaid, a quarter paid a quarter, a quarter paid half, a quarter paid.
 * Numbers run {@code 2010-00001} to {@code 2010-50000}, then 2011: years no real or demo invoice has.
 */
final class BillingData {

    static final int PAYERS = 20_000;
    static final int ORGANIZATIONS = 200;
    static final int KNOWN_INNS = 500;

    private final Jdbi jdbi;
    private final int invoices;
    private final Results results;

    BillingData(Jdbi jdbi, int invoices, Results results) {
        this.jdbi = jdbi;
        this.invoices = invoices;
        this.results = results;
    }

    /** The number of generated invoice {@code g}. */
    static String number(int g) {
        return String.format("%d-%05d", 2010 + g / 50_000, g % 50_000 + 1);
    }

    /** The INN a generated payer with a known INN pays from. */
    static String inn(int payer) {
        return String.format("77%08d", payer);
    }

    void insert() {
        long started = System.nanoTime();
        jdbi.useTransaction(handle -> {
            handle.execute("""
                    INSERT INTO persons (id, last_name, first_name, full_name, email)
                    SELECT md5('bench-payer-' || g)::uuid, 'Плательщик' || g, 'Имя', 'Плательщик' || g || ' Имя',
                           'payer' || g || '@bench.example.org'
                    FROM generate_series(0, ?) g""", PAYERS - 1);
            handle.execute("""
                    INSERT INTO organizations (name, kind)
                    SELECT 'Bench payer organization ' || g, 'CORPORATE_UNIVERSITY' FROM generate_series(0, ?) g""",
                    ORGANIZATIONS - 1);
            handle.execute("""
                    CREATE UNLOGGED TABLE bench_payer_organizations AS
                    SELECT substring(name FROM 26)::int AS n, id FROM organizations
                    WHERE name LIKE 'Bench payer organization %'""");
            handle.execute("""
                    INSERT INTO organization_members (organization_id, person_id, role)
                    SELECT o.id, md5('bench-payer-' || g)::uuid, 'EMPLOYEE'
                    FROM generate_series(0, ?) g JOIN bench_payer_organizations o ON o.n = g % 200
                    WHERE g % 10 = 0""", PAYERS - 1);
            handle.execute("""
                    INSERT INTO billing_payers (inn, person_id)
                    SELECT '77' || lpad(g::text, 8, '0'), md5('bench-payer-' || g)::uuid FROM generate_series(0, ?) g""",
                    KNOWN_INNS - 1);
            handle.execute("""
                    CREATE UNLOGGED TABLE bench_programs AS
                    SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM programs""");
            handle.execute("""
                    INSERT INTO invoices (id, year, seq, number, person_id, organization_id, program_id, issued_on,
                        subtotal, discount, total, paid, status, locale)
                    SELECT md5('bench-invoice-' || g)::uuid, 2010 + g / 50000, g % 50000 + 1,
                           (2010 + g / 50000) || '-' || lpad((g % 50000 + 1)::text, 5, '0'),
                           CASE WHEN g % 5 = 0 THEN NULL ELSE md5('bench-payer-' || (g % 20000))::uuid END,
                           CASE WHEN g % 5 = 0 THEN o.id END, p.id, current_date - g % 300,
                           t.total, 0, t.total, t.paid,
                           CASE WHEN t.paid >= t.total THEN 'PAID' WHEN t.paid > 0 THEN 'PARTIAL' ELSE 'ISSUED' END, 'ru'
                    FROM generate_series(0, ?) g
                    JOIN bench_programs p ON p.n = g % (SELECT count(*) FROM bench_programs)
                    JOIN bench_payer_organizations o ON o.n = g % 200
                    CROSS JOIN LATERAL (SELECT (10000 + (g % 50) * 1000)::numeric(14,2) AS total) base
                    CROSS JOIN LATERAL (SELECT base.total,
                           (base.total * (ARRAY[0, 0.25, 1, 0.5])[1 + g % 4])::numeric(14,2) AS paid) t""",
                    invoices - 1);
            // the instalments' and invoices' arrears triggers (V53, V66) off for the bulk load, then
            // the kept dates and the overdue steps of every invoice computed in one pass each
            handle.execute("ALTER TABLE invoice_instalments DISABLE TRIGGER invoice_instalments_arrears_insert");
            handle.execute("ALTER TABLE invoices DISABLE TRIGGER invoices_overdue_steps");
            handle.execute("""
                    INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)
                    SELECT i.id, k.position, i.issued_on + k.days, CASE k.position WHEN 1 THEN round(i.total / 2, 2)
                           ELSE i.total - round(i.total / 2, 2) END
                    FROM invoices i CROSS JOIN (VALUES (1, 10), (2, 70)) k(position, days)
                    WHERE i.id IN (SELECT md5('bench-invoice-' || g)::uuid FROM generate_series(0, ?) g)""",
                    invoices - 1);
            handle.execute("""
                    UPDATE invoices i SET (arrears_since, overdue_from) =
                        (SELECT a.since, a.overdue_from FROM invoice_arrears(i.id, i.paid) a)
                    WHERE i.id IN (SELECT md5('bench-invoice-' || g)::uuid FROM generate_series(0, ?) g)""",
                    invoices - 1);
            handle.execute("ALTER TABLE invoices ENABLE TRIGGER invoices_overdue_steps");
            handle.execute("ALTER TABLE invoice_instalments ENABLE TRIGGER invoice_instalments_arrears_insert");
            handle.execute("DELETE FROM invoice_overdue_steps");
            handle.execute("""
                    INSERT INTO invoice_overdue_steps (invoice_id, from_date, until_date, overdue, program_id, since,
                                                       person_id, organization_id)
                    SELECT invoice_id, from_date, until_date, overdue, program_id, since, person_id, organization_id
                    FROM invoice_overdue_steps_computed""");
        });
        jdbi.useHandle(handle -> {
            for (String table : new String[] {"invoices", "invoice_instalments", "invoice_overdue_steps", "persons",
                "organization_members"}) {
                handle.execute("VACUUM ANALYZE " + table);
            }
            handle.execute("CHECKPOINT"); // as after the persons' load (CrmData)
        });
        long arrears = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM billing_arrears")
                .mapTo(Long.class).one());
        results.addFormatted("generated %d invoices (%d of them in arrears), %d payers with INSERT ... SELECT"
                + " generate_series in %.1f s", invoices, arrears, PAYERS, Figures.millisSince(started) / 1000.0);
    }
}
