package org.matricula.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The analytics page over 100,000 persons with a first touch, one invoice each, 1,000,000
 * payments and refunds over the last two years, their funnel moves and two years of marketing
 * spend: generated with INSERT ... SELECT generate_series (the payments' and funnel moves' triggers
 * off, then the pre-aggregated tables recounted once by {@code analytics_rebuild()} and the funnel's
 * stays computed in one pass), then the page, its JSON and
 * the page with a program filter, one request at a time.
 */
final class AnalyticsBench {

    /** The sizes of the target; {@code bench.analytics-persons} and {@code bench.analytics-payments} say others. */
    static final int PERSONS = 100_000;
    static final int PAYMENTS = 1_000_000;

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final Results results;
    private final int persons;
    private final int payments;

    AnalyticsBench(Jdbi jdbi, PlatformHttp http, Session admin, Results results, int persons, int payments) {
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.results = results;
        this.persons = persons;
        this.payments = payments;
    }

    void run() throws Exception {
        long started = System.nanoTime();
        generate();
        results.addFormatted("analytics data: %d persons, %d payments, funnel moves and spend generated and"
                + " aggregated in %d ms", persons, payments, Figures.millisSince(started));
        long program = jdbi.withHandle(handle -> handle.createQuery("SELECT min(id) FROM programs")
                .mapTo(Long.class).one());
        HttpClient client = HttpClient.newHttpClient();
        String[] pages = {"/admin/analytics", "/api/v1/analytics", "/admin/analytics?program=" + program};
        for (String page : pages) {
            HttpRequest request = http.request(page, admin).build();
            long[] times = SequentialTimer.sortedNanos(10, 100,
                    () -> PlatformHttp.requireOk(client.send(request, HttpResponse.BodyHandlers.ofString())));
            double p50 = Figures.percentile(times, 0.5);
            double p95 = Figures.percentile(times, 0.95);
            results.addFormatted("analytics GET %s (last 12 months): p50 %.1f ms, p95 %.1f ms (100 requests after"
                    + " 10 warm-up)  [target p95 <= 200 ms at %d persons, %d payments: %s]", page, p50, p95, PERSONS,
                    PAYMENTS, persons >= PERSONS && payments >= PAYMENTS ? Figures.met(p95 <= 200) : "NOT AT SIZE");
        }
    }

    private void generate() {
        jdbi.useHandle(handle -> {
            handle.begin();
            handle.execute("""
                    INSERT INTO persons (id, last_name, first_name, full_name, first_touch, created_at)
                    SELECT md5('analytics-person-' || n)::uuid, 'Bench', 'Person ' || n, 'Bench Person ' || n,
                           jsonb_build_object('channel', (ARRAY['cpc', 'email', 'social', 'referral', 'direct'])[1 + n % 5],
                                              'campaign', (ARRAY['spring', 'autumn', 'winter', ''])[1 + (n / 5) % 4]),
                           now() - ((n * 31) % 730) * interval '1 day'
                    FROM generate_series(1, ?) n""", persons);
            handle.execute("""
                    INSERT INTO invoices (id, year, seq, number, person_id, program_id, issued_on, subtotal, total)
                    SELECT md5('analytics-invoice-' || n)::uuid, 1999, n, 'BENCH-' || n,
                           md5('analytics-person-' || n)::uuid, p.ids[1 + n % cardinality(p.ids)],
                           current_date - 730, 100000, 100000
                    FROM generate_series(1, ?) n, (SELECT array_agg(id ORDER BY id) AS ids FROM programs) p""",
                    persons);
            handle.execute("ALTER TABLE payments DISABLE TRIGGER analytics_payments");
            handle.execute("""
                    INSERT INTO payments (kind, source, idempotency_key, invoice_id, person_id, amount, received_on)
                    SELECT CASE WHEN n % 20 = 0 THEN 'REFUND' ELSE 'PAYMENT' END, 'MANUAL', 'analytics-bench-' || n,
                           md5('analytics-invoice-' || (1 + n % ?))::uuid, md5('analytics-person-' || (1 + n % ?))::uuid,
                           1000 + (n % 97) * 100, current_date - ((n::bigint * 7919) % 730)::int
                    FROM generate_series(1, ?) n""", persons, persons, payments);
            handle.execute("ALTER TABLE payments ENABLE TRIGGER analytics_payments");
            // as for the payments: the stays' trigger off for the bulk load, then the stays of all
            // moves computed in one pass (V67)
            handle.execute("ALTER TABLE funnel_moves DISABLE TRIGGER funnel_moves_stays_insert");
            handle.execute("""
                    INSERT INTO funnel_moves (person_id, from_stage, to_stage, automatic, at)
                    SELECT md5('analytics-person-' || n)::uuid, s.from_stage, s.to_stage, true,
                           now() - ((n * 31) % 730) * interval '1 day' + s.after * (1 + n % 20) * interval '1 day'
                    FROM generate_series(1, ?) n
                    JOIN (VALUES (NULL, 'interested', 0, 10), ('interested', 'applicant', 1, 6),
                                 ('applicant', 'student', 3, 4), ('student', 'alumnus', 9, 1))
                         AS s (from_stage, to_stage, after, share) ON n % 10 < s.share""", persons);
            handle.execute("ALTER TABLE funnel_moves ENABLE TRIGGER funnel_moves_stays_insert");
            handle.execute("DELETE FROM funnel_stays");
            handle.execute("""
                    INSERT INTO funnel_stays (move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at,
                                              earlier_same_stage)
                    SELECT move_id, person_id, stage, entered_at, left_at, next_stage, reached_next_at, earlier_same_stage
                    FROM funnel_stays_computed""");
            handle.execute("""
                    INSERT INTO marketing_spend (channel, campaign, month, amount)
                    SELECT c, k, date_trunc('month', current_date - m * interval '1 month')::date, 10000 + m * 100
                    FROM unnest(ARRAY['cpc', 'email', 'social', 'referral']) c, unnest(ARRAY['spring', 'autumn', '']) k,
                         generate_series(0, 23) m
                    ON CONFLICT DO NOTHING""");
            handle.execute("SELECT analytics_rebuild()");
            handle.commit();
            handle.execute("ANALYZE persons, invoices, payments, funnel_moves, marketing_spend, analytics_revenue,"
                    + " analytics_payers, analytics_payer_months, analytics_cohorts");
            // as autovacuum leaves a table some time after a bulk load: its pages marked all
            // visible, so that the funnel reads the stays from their index alone (V90)
            handle.execute("VACUUM ANALYZE funnel_stays");
        });
    }
}
