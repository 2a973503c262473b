package org.matricula.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * A dynamic segment counted over the CRM's persons (500,000 by default, made inside PostgreSQL):
 * funnel stage, a tag and the latest marketing consent together, over the JSON API one request at
 * a time, as the segment screen's live count asks.
 */
final class SegmentsBench {

    static final String TAG = "bench-vip";

    private final Jdbi jdbi;
    private final PlatformHttp http;
    private final Session admin;
    private final Results results;
    private final int persons;

    SegmentsBench(Jdbi jdbi, PlatformHttp http, Session admin, Results results, int persons) {
        this.jdbi = jdbi;
        this.http = http;
        this.admin = admin;
        this.results = results;
        this.persons = persons;
    }

    void run() throws Exception {
        long started = System.nanoTime();
        insertPersons(jdbi, persons, "segment", TAG);
        results.addFormatted("segments: %d persons (a quarter students, half tagged, two thirds with marketing"
                + " consent, one in thirty withdrawn later) made in %d ms", persons, Figures.millisSince(started));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> created = client.send(http.request("/api/v1/crm/segments", admin)
                .header("Content-Type", "application/json").header("X-CSRF-Token", admin.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench\",\"filter\":{\"stages\":[\"student\"],"
                        + "\"tags\":[\"" + TAG + "\"],\"consent\":\"GRANTED\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("HTTP " + created.statusCode() + " " + created.body());
        }
        String id = created.body().replaceFirst("^\\{\"id\":(\\d+).*$", "$1");
        HttpRequest count = http.request("/api/v1/crm/segments/" + id + "/members?limit=0", admin).build();
        String[] answer = new String[1];
        long[] times = SequentialTimer.sortedNanos(3, 30, () -> {
            HttpResponse<String> response = client.send(count, HttpResponse.BodyHandlers.ofString());
            PlatformHttp.requireOk(response);
            answer[0] = response.body();
        });
        double p50 = Figures.percentile(times, 0.5);
        double p95 = Figures.percentile(times, 0.95);
        results.addFormatted("segments: dynamic segment (stage + tag + marketing consent) counted over %d persons:"
                + " p50 %.1f ms, p95 %.1f ms (30 requests after 3 warm-up; %s)  [target p95 <= 500 ms: %s]",
                persons, p50, p95, answer[0].replaceAll(",\"members\":\\[\\]", ""), Figures.met(p95 <= 500));
    }

    /**
     * Persons made by one INSERT ... SELECT, each with an email contact; two thirds granted
     * marketing consent, a tenth of whom withdrew it later. Every {@code kind} gets its own tag.
     */
    static void insertPersons(Jdbi jdbi, int count, String kind, String tag) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO persons (first_name, last_name, full_name, email, stage, tags, created_at)
                    SELECT 'Name' || g, 'Bench', 'Bench Name' || g, :kind || '-' || g || '@bench.example',
                           (ARRAY['interested', 'applicant', 'student', 'alumnus'])[1 + g % 4],
                           CASE WHEN g % 2 = 0 THEN ARRAY[CAST(:tag AS text), CAST(:kind AS text)] ELSE ARRAY[CAST(:kind AS text)] END,
                           now() - make_interval(secs => g)
                    FROM generate_series(1, :count) g""").bind("kind", kind).bind("tag", tag).bind("count", count)
                    .execute();
            h.createUpdate("""
                    INSERT INTO person_contacts (person_id, kind, value, source)
                    SELECT id, 'EMAIL', email, 'bench' FROM persons WHERE tags @> ARRAY[CAST(:kind AS text)]""")
                    .bind("kind", kind).execute();
            h.createUpdate("""
                    INSERT INTO person_consents (person_id, purpose, granted, source, at)
                    SELECT id, 'MARKETING', true, 'bench', now() - interval '30 days' FROM persons
                    WHERE tags @> ARRAY[CAST(:kind AS text)] AND abs(hashtext(id::text)) % 3 <> 0""").bind("kind", kind).execute();
            h.createUpdate("""
                    INSERT INTO person_consents (person_id, purpose, granted, source, at)
                    SELECT person_id, 'MARKETING', false, 'bench', now() - interval '1 day' FROM person_consents c
                    JOIN persons p ON p.id = c.person_id
                    WHERE p.tags @> ARRAY[CAST(:kind AS text)] AND abs(hashtext(p.id::text)) % 30 = 1""").bind("kind", kind).execute();
        });
        // as autovacuum would soon after such a load; the consents' latest states (V92) are filled by triggers
        jdbi.useHandle(h -> h.execute(
                "ANALYZE persons; ANALYZE person_consents; ANALYZE person_consent_states; ANALYZE person_contacts"));
    }
}
