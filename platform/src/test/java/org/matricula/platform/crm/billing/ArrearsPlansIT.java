package org.matricula.platform.crm.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.QueryPlans;

/**
 * The arrears list's plans over generated invoices (as the bench's, {@code arrears.invoices} of
 * them, 20,000 unless told): sorted by the overdue amount and filtered by organization the page
 * reads a bounded number of buffers, whatever the number of invoices in arrears (at 100,000
 * invoices: 1,406 and 2,759, see docs/performance.md), and so does a search by number or name.
 * Buffer counts do not depend on the machine's load, so the bounds hold on a shared machine; the
 * plans are written to {@code target/arrears-plans.txt} for docs/performance.md.
 */
class ArrearsPlansIT {

    static final int INVOICES = Integer.getInteger("arrears.invoices", 20_000);

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static QueryPlans plans;

    @BeforeAll
    static void generate() {
        jdbi = server.platform().database().jdbi();
        plans = new QueryPlans(jdbi, INVOICES + " invoices", "arrears-plans.txt");
        jdbi.useTransaction(h -> {
            h.execute("""
                    INSERT INTO persons (id, last_name, first_name, full_name, email)
                    SELECT md5('plan-payer-' || g)::uuid, 'Payer' || g, 'Name', 'Payer' || g || ' Name',
                           'plan-payer' || g || '@example.org'
                    FROM generate_series(0, 19999) g""");
            h.execute("""
                    INSERT INTO organizations (name, kind)
                    SELECT 'Plan organization ' || g, 'CORPORATE_UNIVERSITY' FROM generate_series(0, 199) g""");
            h.execute("""
                    CREATE TEMP TABLE plan_organizations AS
                    SELECT substring(name FROM 19)::int AS n, id FROM organizations WHERE name LIKE 'Plan organization %'""");
            h.execute("""
                    INSERT INTO organization_members (organization_id, person_id, role)
                    SELECT o.id, md5('plan-payer-' || g)::uuid, 'EMPLOYEE'
                    FROM generate_series(0, 19999) g JOIN plan_organizations o ON o.n = g % 200 WHERE g % 10 = 0""");
            // eighteen programs of its own, as the demo has
            h.execute("""
                    INSERT INTO programs (code, name)
                    SELECT 'plan-program-' || g, 'Plan program ' || g FROM generate_series(0, 17) g""");
            h.execute("""
                    CREATE TEMP TABLE plan_programs AS
                    SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id FROM programs
                    WHERE code LIKE 'plan-program-%'""");
            // as the bench's BillingData: a fifth to an organization, two instalments, a quarter
            // unpaid, a quarter paid a quarter, a quarter paid half, a quarter paid
            h.execute("""
                    INSERT INTO invoices (id, year, seq, number, person_id, organization_id, program_id, issued_on,
                        subtotal, discount, total, paid, status, locale)
                    SELECT md5('plan-invoice-' || g)::uuid, 2190 + g / 50000, g % 50000 + 1,
                           (2190 + g / 50000) || '-' || lpad((g % 50000 + 1)::text, 5, '0'),
                           CASE WHEN g % 5 = 0 THEN NULL ELSE md5('plan-payer-' || (g % 20000))::uuid END,
                           CASE WHEN g % 5 = 0 THEN o.id END, p.id, current_date - g % 300,
                           t.total, 0, t.total, t.paid,
                           CASE WHEN t.paid >= t.total THEN 'PAID' WHEN t.paid > 0 THEN 'PARTIAL' ELSE 'ISSUED' END, 'ru'
                    FROM generate_series(0, ? - 1) g
                    JOIN plan_programs p ON p.n = g % (SELECT count(*) FROM plan_programs)
                    JOIN plan_organizations o ON o.n = g % 200
                    CROSS JOIN LATERAL (SELECT (10000 + (g % 50) * 1000)::numeric(14,2) AS total) base
                    CROSS JOIN LATERAL (SELECT base.total,
                           (base.total * (ARRAY[0, 0.25, 1, 0.5])[1 + g % 4])::numeric(14,2) AS paid) t""", INVOICES);
            h.execute("""
                    INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)
                    SELECT i.id, k.position, i.issued_on + k.days, CASE k.position WHEN 1 THEN round(i.total / 2, 2)
                           ELSE i.total - round(i.total / 2, 2) END
                    FROM invoices i CROSS JOIN (VALUES (1, 10), (2, 70)) k(position, days) WHERE i.year >= 2190""");
        });
        jdbi.useHandle(h -> {
            for (String table : new String[] {"invoices", "invoice_instalments", "invoice_overdue_steps", "persons",
                "organization_members", "organizations"}) {
                h.execute("VACUUM ANALYZE " + table);
            }
        });
    }

    @Test
    void sortedByTheOverdueAmountThePageReadsAFewBuffers() throws Exception {
        String sql = """
                SELECT a.id, a.number, a.overdue FROM billing_arrears a
                WHERE a.id IN (SELECT a.id FROM billing_arrears a WHERE (%s)
                               ORDER BY a.overdue DESC, a.id DESC LIMIT 50 OFFSET 200)
                ORDER BY a.overdue DESC, a.id DESC""".formatted(
                ArrearsList.BUCKET_CONDITION.replace(":f_bucket", "'{90+}'::text[]"));
        long buffers = explain("sorted by overdue, 90+, page 5", sql);
        long inArrears = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM billing_arrears").mapTo(Long.class)
                .one());
        assertTrue(inArrears > INVOICES / 2, "in arrears: " + inArrears);
        assertTrue(buffers < 6_000, "buffers read: " + buffers);
        // the order is the overdue amount's, as summed from the instalments
        List<String> page = jdbi.withHandle(h -> h.createQuery(sql).map((rs, ctx) -> rs.getString("overdue")).list());
        List<String> computed = jdbi.withHandle(h -> h.createQuery("""
                SELECT c.overdue FROM (
                    SELECT i.id, (SELECT sum(s.amount) FROM invoice_instalments s
                                  WHERE s.invoice_id = i.id AND s.due_date < current_date) - i.paid AS overdue
                    FROM invoices i
                    WHERE i.status IN ('ISSUED', 'PARTIAL') AND i.arrears_since < current_date - 90) c
                WHERE c.overdue > 0 ORDER BY c.overdue DESC, c.id DESC LIMIT 50 OFFSET 200""")
                .map((rs, ctx) -> rs.getString("overdue")).list());
        assertEquals(computed, page);
    }

    @Test
    void filteredByOrganizationThePageReadsAFewBuffers() throws Exception {
        // organization 20: its 1 in 200 of the invoices are unpaid, and it has members
        String organization = jdbi.withHandle(h -> h.createQuery(
                "SELECT id::text FROM organizations WHERE name = 'Plan organization 20'").mapTo(String.class).one());
        String filter = ArrearsList.ORGANIZATION_CONDITION.replace(":f_organization", "'" + organization + "'");
        long counted = explain("organization filter, count", "SELECT count(*) FROM (SELECT 1 FROM billing_arrears a WHERE ("
                + filter + ") LIMIT 10001) counted");
        String pagePlan = plans.explain("organization filter, page 1 by days", """
                SELECT a.id, a.number FROM billing_arrears a
                WHERE a.id IN (SELECT a.id FROM billing_arrears a WHERE (%s)
                               ORDER BY a.age DESC, a.id DESC LIMIT 50 OFFSET 0)
                ORDER BY a.age DESC, a.id DESC""".formatted(filter));
        long page = QueryPlans.buffers(pagePlan);
        // each member's steps are looked up in the person index, never every step read
        assertTrue(pagePlan.contains("Index Only Scan using invoice_overdue_steps_person"), pagePlan);
        long unfiltered = explain("unfiltered, count", "SELECT count(*) FROM (SELECT 1 FROM billing_arrears a LIMIT 10001) c");
        explain("bucket 31-60, count", "SELECT count(*) FROM (SELECT 1 FROM billing_arrears a WHERE ("
                + ArrearsList.BUCKET_CONDITION.replace(":f_bucket", "'{31-60}'::text[]") + ") LIMIT 10001) c");
        explain("unfiltered, page 3 by days", """
                SELECT a.id, a.number FROM billing_arrears a
                WHERE a.id IN (SELECT a.id FROM billing_arrears a ORDER BY a.age DESC, a.id DESC LIMIT 50 OFFSET 100)
                ORDER BY a.age DESC, a.id DESC""");
        assertTrue(counted < 6_000, "count: " + counted);
        assertTrue(page < 6_000, "page: " + page);
        assertTrue(unfiltered < 15_000, "unfiltered count: " + unfiltered);
    }

    @Test
    void searchedByNumberOrNameTheCountAndPageReadAFewBuffers() throws Exception {
        String number = "(" + ArrearsList.NUMBER_SEARCH.condition().replace(":word", "'2190-0004%'") + ")";
        String name = "(" + ArrearsList.TEXT_SEARCH.condition().replace(":word", "'%Payer1234 %'") + ")";
        long byNumber = explain("search by number, count",
                "SELECT count(*) FROM (SELECT 1 FROM billing_arrears a WHERE " + number + " LIMIT 10001) counted");
        long page = explain("search by number, page 1 by days", """
                SELECT a.id, a.number FROM billing_arrears a
                WHERE a.id IN (SELECT a.id FROM billing_arrears a WHERE %s ORDER BY a.age DESC, a.id DESC LIMIT 50)
                ORDER BY a.age DESC, a.id DESC""".formatted(number));
        long byName = explain("search by name, count",
                "SELECT count(*) FROM (SELECT 1 FROM billing_arrears a WHERE " + name + " LIMIT 10001) counted");
        // a pattern over every row's number and payer read 369,058 buffers at 100,000 invoices
        assertTrue(byNumber < 500, "by number: " + byNumber);
        assertTrue(page < 500, "by number, page: " + page);
        assertTrue(byName < 2_000, "by name: " + byName);
        List<String> found = jdbi.withHandle(h -> h.createQuery("SELECT a.number FROM billing_arrears a WHERE "
                + number + " ORDER BY 1").mapTo(String.class).list());
        List<String> computed = jdbi.withHandle(h -> h.createQuery(
                "SELECT a.number FROM billing_arrears a WHERE a.number LIKE '2190-0004%' ORDER BY 1")
                .mapTo(String.class).list());
        assertEquals(computed, found);
        assertTrue(!found.isEmpty());
    }

    static long explain(String title, String sql) {
        return QueryPlans.buffers(plans.explain(title, sql));
    }
}
