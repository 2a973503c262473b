package org.matricula.bench;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The admin's registrations list over the generated rows, one request at a time: a filter with
 * newest first, two statuses sorted by name, and a text search.
 */
final class ListBench {

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final Results results;

    ListBench(Jdbi jdbi, PlatformHttp http, Session admin, Results results) {
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.results = results;
    }

    void run() throws Exception {
        long project = jdbi.withHandle(handle -> handle.createQuery("SELECT min(id) FROM projects")
                .mapTo(Long.class).one());
        HttpClient client = HttpClient.newHttpClient();
        String[] queries = {
            "/api/v1/admin/declarations?status=SUBMITTED&project=" + project
                    + "&sort=submitted_at&dir=desc&page=3&size=50",
            "/api/v1/admin/declarations?status=ACCEPTED&status=ENROLLED&sort=full_name&dir=asc&page=10&size=50",
            "/api/v1/admin/declarations?q=" + URLEncoder.encode("Заявитель 4242", StandardCharsets.UTF_8)
                    + "&sort=number&page=1&size=50",
        };
        for (String query : queries) {
            HttpRequest request = http.request(query, admin).build();
            long[] times = SequentialTimer.sortedNanos(10, 100,
                    () -> PlatformHttp.requireOk(client.send(request, HttpResponse.BodyHandlers.ofString())));
            double p50 = Figures.percentile(times, 0.5);
            double p95 = Figures.percentile(times, 0.95);
            results.addFormatted("registrations list GET %s: p50 %.1f ms, p95 %.1f ms (100 requests after"
                    + " 10 warm-up)  [target p95 <= 30 ms: %s]", query, p50, p95, Figures.met(p95 <= 30));
        }
    }
}
