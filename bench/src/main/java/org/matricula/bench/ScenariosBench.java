package org.matricula.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * An automation scenario of steps that only write to the database (two tags and a field) started
 * by hand for every member of a segment of 20,000 persons (by default): how long until every run is
 * done, the steps per second the outbox worker carried out, and that each step was done once.
 */
final class ScenariosBench {

    static final int STEPS = 3;

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final Results results;
    private final int persons;

    ScenariosBench(Jdbi jdbi, PlatformHttp http, Session admin, Results results, int persons) {
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.results = results;
        this.persons = persons;
    }

    void run() throws Exception {
        SegmentsBench.insertPersons(jdbi, persons, "scenario", "bench-scenario-vip");
        HttpClient client = HttpClient.newHttpClient();
        String segment = id(post(client, "/api/v1/crm/segments", "{\"name\":\"Scenario bench\",\"filter\":{\"tags\":"
                + "[\"scenario\"]}}", 201));
        String scenario = id(post(client, "/api/v1/crm/scenarios", "{\"name\":\"Bench\",\"trigger\":{\"type\":"
                + "\"MANUAL\"},\"steps\":[{\"type\":\"ADD_TAG\",\"tag\":\"bench-a\"},{\"type\":\"ADD_TAG\",\"tag\":"
                + "\"bench-b\"},{\"type\":\"SET_FIELD\",\"field\":\"middleName\",\"value\":\"{{firstName}}\"}]}", 201));
        long id = Long.parseLong(scenario);
        long started = System.nanoTime();
        String answer = post(client, "/api/v1/crm/scenarios/" + scenario + "/start", "{\"segment\":\"" + segment
                + "\"}", 200);
        long startedMs = Figures.millisSince(started);
        long runs = Long.parseLong(answer.replaceFirst("^\\{\"started\":(\\d+).*$", "$1"));
        waitFor(() -> count("SELECT count(*) FROM scenario_runs WHERE scenario_id = :id AND state <> 'DONE'", id) == 0,
                3600);
        long doneMs = Figures.millisSince(started);
        Map<String, Object> span = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) AS n, extract(epoch FROM max(s.finished_at) - min(s.started_at)) AS seconds
                FROM scenario_run_steps s JOIN scenario_runs r ON r.id = s.run_id WHERE r.scenario_id = :id""")
                .bind("id", id).mapToMap().one());
        long steps = ((Number) span.get("n")).longValue();
        double seconds = ((Number) span.get("seconds")).doubleValue();
        double perSecond = seconds > 0 ? steps / seconds : 0;
        results.addFormatted("scenarios: %d runs of %d database-only steps started by hand for a segment in %d ms"
                + " (runs stored, handed to the outbox in chunks of 200); every run done %d ms after the start",
                runs, STEPS, startedMs, doneMs);
        results.addFormatted("scenarios: %d steps carried out by the outbox worker over %.1f s = %.0f steps per second"
                + "  [target >= 1,000 steps/s: %s]", steps, seconds, perSecond, Figures.met(perSecond >= 1000));
        long once = count("SELECT count(*) FROM scenario_run_steps s JOIN scenario_runs r ON r.id = s.run_id"
                + " WHERE r.scenario_id = :id AND s.state = 'DONE' AND s.attempts = 1", id);
        long tagged = count("SELECT count(*) FROM persons WHERE tags @> ARRAY['scenario', 'bench-a', 'bench-b']"
                + " AND middle_name = first_name AND :id > 0", id);
        results.addFormatted("scenarios: %d of %d steps done on their first attempt, %d of %d persons with both tags"
                + " and the field  [target: each step once: %s]", once, runs * STEPS, tagged, persons,
                Figures.met(once == runs * STEPS && tagged == persons && runs == persons));
    }

    private long count(String sql, long id) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(Long.class).one());
    }

    private String post(HttpClient client, String path, String json, int expected) throws Exception {
        HttpResponse<String> response = client.send(http.request(path, admin).header("Content-Type",
                "application/json").header("X-CSRF-Token", admin.csrf()).POST(HttpRequest.BodyPublishers
                        .ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + path + ": " + response.body());
        }
        return response.body();
    }

    private static String id(String json) {
        return json.replaceFirst("^\\{\"id\":(\\d+).*$", "$1");
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the scenario's runs were not done in " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }
}
