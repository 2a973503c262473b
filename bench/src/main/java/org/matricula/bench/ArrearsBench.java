package org.matricula.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The arrears list over the generated invoices ({@link BillingData}), one request at a time as an
 * admin, as JSON and as the page: unfiltered by age, by bucket, program, project and organization,
 * and a search by number.
 */
final class ArrearsBench {

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final Results results;
    private final int warmUpSeconds;

    ArrearsBench(Jdbi jdbi, PlatformHttp http, Session admin, Results results, int warmUpSeconds) {
        this.warmUpSeconds = warmUpSeconds;
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.results = results;
    }

    void run() throws Exception {
        long program = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM bench_programs WHERE n = 3")
                .mapTo(Long.class).one());
        long project = jdbi.withHandle(handle -> handle.createQuery("SELECT min(project_id) FROM project_programs")
                .mapTo(Long.class).one());
        long organization = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM bench_payer_organizations WHERE n = 20").mapTo(Long.class).one());
        // organization 20 has 1 in 200 of the invoices, all of them unpaid (BillingData: invoice g
        // goes to organization g % 200 when g % 5 == 0 and is unpaid when g % 4 == 0), and members;
        // 7, the one measured before, had neither invoices nor members
        String[] queries = {
            "/api/v1/billing/arrears?page=1&size=50",
            "/api/v1/billing/arrears?bucket=90%2B&sort=overdue&dir=desc&page=5&size=50",
            "/api/v1/billing/arrears?program=" + program + "&page=2&size=50",
            "/api/v1/billing/arrears?project=" + project + "&sort=days&dir=desc&page=3&size=50",
            "/api/v1/billing/arrears?organization=" + organization + "&page=1&size=50",
            "/api/v1/billing/arrears?q=2010-0004&page=1&size=50",
            "/admin/arrears?bucket=31-60&page=2&size=50",
        };
        HttpClient client = HttpClient.newHttpClient();
        CrmBench.warmUp(client, http, admin, List.of(queries), warmUpSeconds);
        CrmBench.floor(client, http, admin, results);
        for (String query : queries) {
            HttpRequest request = http.request(query, admin).build();
            long[] times = SequentialTimer.sortedNanos(10, 100,
                    () -> PlatformHttp.requireOk(client.send(request, HttpResponse.BodyHandlers.ofString())));
            double p50 = Figures.percentile(times, 0.5);
            double p95 = Figures.percentile(times, 0.95);
            results.addFormatted("arrears list GET %s: p50 %.1f ms, p95 %.1f ms (100 requests after 10 warm-up)"
                    + "  [target p95 <= 30 ms: %s]", query, p50, p95, Figures.met(p95 <= 30));
        }
    }
}
