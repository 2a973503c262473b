package org.matricula.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.Platform;
import org.matricula.platform.config.ConfigLoader;
import org.matricula.platform.db.Database;
import org.matricula.platform.testing.RoundTripCounter;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * How many times a submission and a form view wait for PostgreSQL, counted on the wire: a second
 * node on the same database reaches it through a proxy that counts the database's ReadyForQuery
 * replies (one per round trip), and serves sequential requests. The proxy slows that node, so it
 * serves no throughput phase; its outbox worker waits, so that only the requests are counted.
 */
final class RoundTripBench {

    private static final int REQUESTS = 50;

    private final Database database;
    /** The embedded PostgreSQL's password, which the counted node gives through the counter. */
    private final String password;
    private final BenchHomes homes;
    private final Results results;

    RoundTripBench(Database database, String password, BenchHomes homes, Results results) {
        this.database = database;
        this.password = password;
        this.homes = homes;
        this.results = results;
    }

    void run() throws Exception {
        String url;
        try (Connection connection = database.dataSource().getConnection()) {
            url = connection.getMetaData().getURL();
        }
        Jdbi jdbi = database.jdbi();
        String body = SubmitWork.prepareBody(jdbi);
        String form = FormRenderBench.formPath(jdbi);
        Path home = homes.fresh("bench-counted-node");
        try (RoundTripCounter counter = RoundTripCounter.in(url)) {
            Map<String, String> settings = new HashMap<>(BenchHomes.settings(home));
            // Background work of this node (the outbox worker, the CRM's feed) would be counted with the requests.
            settings.putAll(Map.of("db.url", counter.jdbcUrl(), "db.user", "postgres", "db.password", password,
                    "outbox.poll-interval", "1h", "crm.feed-interval", "1h"));
            Platform node = Platform.start(ConfigLoader.load(null, Map.of(), settings, home));
            try {
                PlatformHttp http = new PlatformHttp(node.port());
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                List<Session> applicants = java.util.stream.IntStream.range(0, REQUESTS + 1)
                        .mapToObj(i -> TestSessions.applicant(jdbi)).toList();
                awaitForm(client, http.uri(form), applicants.get(0));
                double submit = perRequest(counter, applicants, session -> send(client, HttpRequest.newBuilder(
                        http.uri("/api/v1/me/declarations")).header("Cookie", session.cookie())
                        .header("X-CSRF-Token", session.csrf()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)), 201));
                double formView = perRequest(counter, applicants, session -> send(client,
                        HttpRequest.newBuilder(http.uri(form)).header("Cookie", session.cookie()), 200));
                results.addFormatted("PostgreSQL round trips per request, counted on the wire (%d sequential"
                        + " requests each): submit %.2f, form page %.2f", REQUESTS, submit, formView);
            } finally {
                node.close();
            }
        }
    }

    private interface Request {
        void send(Session session) throws Exception;
    }

    /** The round trips of one request each of these applicants (after one uncounted, which readies the connections). */
    private static double perRequest(RoundTripCounter counter, List<Session> applicants, Request request)
            throws Exception {
        request.send(applicants.get(0));
        long before = counter.roundTrips();
        for (Session applicant : applicants.subList(1, applicants.size())) {
            request.send(applicant);
        }
        return (counter.roundTrips() - before) / (double) (applicants.size() - 1);
    }

    private static void send(HttpClient client, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    /** The node serves once its copies of the plugins have started. */
    private static void awaitForm(HttpClient client, URI form, Session session) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (client.send(HttpRequest.newBuilder(form).header("Cookie", session.cookie()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the counted node does not serve " + form);
            }
            Thread.sleep(200);
        }
    }
}
