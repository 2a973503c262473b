package org.matricula.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * xAPI ingest: 8 LMS connections posting batches of {@value #BATCH} statements (progress with a
 * duration, for 10,000 learners and 50 courses) to {@code POST /xapi/statements}; then the count
 * stored is checked against the count acknowledged, and a batch sent again must add nothing.
 */
final class XapiIngestBench {

    static final int BATCH = 100;
    private static final int CLIENTS = 8;
    private static final String STATEMENT = "{\"id\":\"%s\",\"actor\":{\"mbox\":\"mailto:learner%d@bench.example.org\"},"
            + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/progressed\"},"
            + "\"object\":{\"id\":\"https://lms.bench.example.org/course/%d\"},"
            + "\"result\":{\"duration\":\"PT%dM\",\"extensions\":"
            + "{\"https://w3id.org/xapi/cmi5/result/extensions/progress\":%d}}}";

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final LoadDriver driver;
    private final Results results;

    XapiIngestBench(Jdbi jdbi, PlatformHttp http, Session admin, LoadDriver driver, Results results) {
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.driver = driver;
        this.results = results;
    }

    void run() throws Exception {
        String credentials = lmsClient();
        LoadDriver.Work post = connection -> send(connection, credentials, batch());
        driver.warmUp(CLIENTS, 20, post);
        long before = stored();
        LoadStats stats = driver.measure(CLIENTS, post);
        long added = stored() - before;
        double perSecond = stats.perSecond() * BATCH;
        results.addFormatted("xAPI ingest, %d clients, batches of %d: %s", CLIENTS, BATCH, stats);
        results.addFormatted("xAPI statements stored: %.0f/s, %d acknowledged, %d stored  [target >= 2,000/s, each"
                + " once: %s]", perSecond, stats.count() * BATCH, added,
                Figures.met(perSecond >= 2000 && added == stats.count() * BATCH));
        String again = batch();
        try (LoadConnection connection = new LoadConnection()) {
            send(connection, credentials, again);
            long once = stored();
            send(connection, credentials, again);
            results.addFormatted("xAPI batch sent twice: %d statements added by the second sending (expected 0)",
                    stored() - once);
        }
    }

    private String lmsClient() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(http.request("/api/v1/crm/lms-clients", admin)
                .header("Content-Type", "application/json").header("X-CSRF-Token", admin.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench LMS\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode client = new ObjectMapper().readTree(created.body());
        return "Basic " + Base64.getEncoder().encodeToString((client.get("key").asText() + ":"
                + client.get("secret").asText()).getBytes(StandardCharsets.UTF_8));
    }

    private static String batch() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder body = new StringBuilder(BATCH * 330).append('[');
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(String.format(STATEMENT, UUID.randomUUID(), random.nextInt(10_000), random.nextInt(50),
                    1 + random.nextInt(90), random.nextInt(101)));
        }
        return body.append(']').toString();
    }

    private void send(LoadConnection connection, String credentials, String body) throws Exception {
        URI statements = http.uri("/xapi/statements");
        connection.postJson(statements, body, "Authorization", credentials, "X-Experience-API-Version", "1.0.3")
                .require(200, statements);
    }

    private long stored() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM xapi_statements")
                .mapTo(Long.class).one());
    }
}
