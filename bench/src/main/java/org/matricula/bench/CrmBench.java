package org.matricula.bench;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The CRM's reading screens over generated persons ({@link CrmData}), one request at a time as an
 * admin: the persons list with each of its filters, a search, sorts and pages; then the card of the
 * person with {@value CrmData#CARD_ENTRIES} timeline entries, as a page, as JSON and its timeline.
 */
final class CrmBench {

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final Results results;
    private final int persons;
    private final int warmUpSeconds;

    CrmBench(Jdbi jdbi, PlatformHttp http, Session admin, Results results, int persons, int warmUpSeconds) {
        this.warmUpSeconds = warmUpSeconds;
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.results = results;
        this.persons = persons;
    }

    void run() throws Exception {
        UUID card = new CrmData(jdbi, persons, results).insert();
        long organization = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM organizations WHERE name = 'Bench organization 42'").mapTo(Long.class).one());
        UUID manager = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM accounts WHERE email = 'bench-manager-3@example.org'").mapTo(UUID.class).one());
        String[] lists = {
            "/admin/persons?stage=student&sort=created_at&dir=desc&page=3&size=50",
            "/admin/persons?tag=vip&sort=full_name&dir=asc&page=10&size=50",
            "/admin/persons?organization=" + organization + "&sort=created_at&dir=desc&page=2&size=50",
            "/admin/persons?manager=" + manager + "&stage=applicant&sort=full_name&dir=asc&page=2&size=50",
            "/admin/persons?q=" + URLEncoder.encode("Фамилия4242", StandardCharsets.UTF_8)
                    + "&sort=created_at&dir=desc&page=1&size=50",
            "/admin/persons?q=" + URLEncoder.encode("person31337@bench", StandardCharsets.UTF_8) + "&page=1&size=50",
            "/admin/persons?sort=created_at&dir=desc&page=200&size=50",
        };
        HttpClient client = HttpClient.newHttpClient();
        List<String> cards = List.of("/admin/persons/" + card, "/api/v1/crm/persons/" + card,
                "/api/v1/crm/persons/" + card + "/timeline?page=20&size=50", "/admin/persons/" + card + "?kind=CALL&page=5");
        warmUp(client, http, admin, Stream.concat(Arrays.stream(lists), cards.stream()).toList(), warmUpSeconds);
        floor(client, http, admin, results);
        for (String query : lists) {
            time(client, "persons list GET " + query, query, 30);
        }
        for (String query : cards) {
            time(client, "person card (" + CrmData.CARD_ENTRIES + " timeline entries) GET " + query, query, 50);
        }
    }

    /**
     * Sends the phase's requests in turn, untimed, for a quarter of the warm-up time: the server
     * compiles the paths a phase exercises during their first seconds of use, and the figures are
     * those of the warm server (the 10 warm-up requests of each query alone left the compiler busy
     * through the first queries' timings: the floor's p50 was 6-8 ms instead of 2).
     */
    static void warmUp(HttpClient client, PlatformHttp http, Session admin, List<String> paths, int warmUpSeconds)
            throws Exception {
        long until = System.nanoTime() + warmUpSeconds / 4 * 1_000_000_000L;
        while (System.nanoTime() < until) {
            for (String path : paths) {
                PlatformHttp.requireOk(client.send(http.request(path, admin).build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
        }
    }

    /**
     * The floor of the figures below at this moment: a request that reads one row. On a machine
     * shared with other work, it says how much of a list's time is waiting for a core.
     */
    static void floor(HttpClient client, PlatformHttp http, Session admin, Results results) throws Exception {
        HttpRequest request = http.request("/health/ready", admin).build();
        long[] times = SequentialTimer.sortedNanos(10, 100,
                () -> PlatformHttp.requireOk(client.send(request, HttpResponse.BodyHandlers.ofString())));
        results.addFormatted("floor: GET /health/ready (one query): p50 %.1f ms, p95 %.1f ms; load now %s",
                Figures.percentile(times, 0.5), Figures.percentile(times, 0.95), Machine.load());
    }

    private void time(HttpClient client, String what, String path, int targetMillis) throws Exception {
        HttpRequest request = http.request(path, admin).build();
        long[] times = SequentialTimer.sortedNanos(10, 100,
                () -> PlatformHttp.requireOk(client.send(request, HttpResponse.BodyHandlers.ofString())));
        double p50 = Figures.percentile(times, 0.5);
        double p95 = Figures.percentile(times, 0.95);
        results.addFormatted("%s: p50 %.1f ms, p95 %.1f ms (100 requests after 10 warm-up)  [target p95 <= %d ms:"
                + " %s]", what, p50, p95, targetMillis, Figures.met(p95 <= targetMillis));
    }
}
