package org.matricula.platform.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestDeclarations;
import org.matricula.platform.testing.TestSessions;

/** The dashboard's counts over HTTP, checked against the declarations table itself. */
class DashboardIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        long chairs = insert("INSERT INTO projects (slug, name, family_id) VALUES ('chairs', 'Кафедры', 'x') RETURNING id");
        long academy = insert("INSERT INTO projects (slug, name, family_id) VALUES ('academy', 'Академия', 'x') RETURNING id");
        insert("INSERT INTO projects (slug, name, family_id) VALUES ('quiet', 'Тишина', 'x') RETURNING id");
        long python = insert("INSERT INTO programs (code, name) VALUES ('python', 'Python') RETURNING id");
        long design = insert("INSERT INTO programs (code, name) VALUES ('design', 'Дизайн') RETURNING id");
        OffsetDateTime now = OffsetDateTime.now();
        List.of(0, 0, 0, 1, 3, 3, 12, 29, 45).forEach(daysAgo -> TestDeclarations.insert(jdbi, chairs, python,
                daysAgo % 2 == 0 ? "SUBMITTED" : "ACCEPTED", now.minusDays(daysAgo)));
        List.of(0, 2, 2, 5, 60).forEach(daysAgo -> TestDeclarations.insert(jdbi, academy, design,
                daysAgo > 30 ? "REJECTED" : "WAITLISTED", now.minusDays(daysAgo)));
    }

    @Test
    void countsMatchTheDeclarationsTable() throws Exception {
        HttpResponse<String> response = server.send(TestSessions.admin(server).json("/api/v1/admin/dashboard"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode snapshot = JsonMapper.create().readTree(response.body());

        assertEquals(14, snapshot.at("/total").asInt());
        assertEquals(counts("SELECT p.slug, count(d.id) FROM projects p LEFT JOIN declarations d ON d.project_id = p.id "
                + "GROUP BY p.slug"), table(snapshot.at("/projects")));
        assertEquals(Map.of("chairs", 9, "academy", 5, "quiet", 0), table(snapshot.at("/projects")));
        assertEquals(counts("SELECT g.code, count(d.id) FROM programs g LEFT JOIN declarations d ON d.program_id = g.id "
                + "GROUP BY g.code"), table(snapshot.at("/programs")));
        assertEquals(counts("SELECT status, count(*) FROM declarations GROUP BY status"), table(snapshot.at("/statuses")));

        JsonNode days = snapshot.at("/days");
        assertEquals(Dashboard.DAYS, days.size());
        // The days are those of app.time-zone, which need not be the test machine's.
        assertEquals(LocalDate.now(TimeDisplay.zone()).toString(), days.get(days.size() - 1).at("/day").asText());
        int inWindow = 0;
        for (JsonNode day : days) {
            int expected = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM declarations WHERE (submitted_at AT TIME ZONE " + TimeDisplay.sqlZone()
                            + ")::date = CAST(:day AS date)")
                    .bind("day", day.at("/day").asText()).mapTo(Integer.class).one());
            assertEquals(expected, day.at("/declarations").asInt(), day.toString());
            inWindow += expected;
        }
        assertEquals(12, inWindow, "the two older declarations fall outside the 30 days");
        assertEquals(4, days.get(days.size() - 1).at("/declarations").asInt(), "four today");
    }

    @Test
    void pageShowsTheTablesAndAnSvgBarPerDay() {
        HttpResponse<String> page = server.send(TestSessions.admin(server).request("/admin?lang=en"));
        assertEquals(200, page.statusCode(), page.body());
        String html = page.body();
        assertTrue(html.contains("<svg id=\"dashboard-chart\""), html);
        Matcher bars = Pattern.compile("<rect class=\"bar\" data-day=\"([0-9-]+)\" data-count=\"(\\d+)\"").matcher(html);
        Map<String, Integer> charted = new TreeMap<>();
        while (bars.find()) {
            charted.put(bars.group(1), Integer.parseInt(bars.group(2)));
        }
        assertEquals(Dashboard.DAYS, charted.size());
        assertEquals(4, charted.get(LocalDate.now(TimeDisplay.zone()).toString()));
        assertEquals(2, charted.get(LocalDate.now(TimeDisplay.zone()).minusDays(3).toString()));
        assertTrue(html.matches("(?s).*<tr id=\"project-chairs\"><td>Кафедры</td><td>9</td></tr>.*"), html);
        assertTrue(html.matches("(?s).*<tr id=\"status-WAITLISTED\"><td>On the waitlist</td><td>4</td></tr>.*"), html);
        assertEquals(403, server.send(TestSessions.applicant(server).request("/admin")).statusCode());
    }

    private static long insert(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    private static Map<String, Integer> counts(String sql) {
        Map<String, Integer> counts = new TreeMap<>();
        jdbi.useHandle(handle -> handle.createQuery(sql)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2))).forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    private static Map<String, Integer> table(JsonNode rows) {
        Map<String, Integer> table = new TreeMap<>();
        rows.forEach(row -> table.put(row.at("/key").asText(), row.at("/declarations").asInt()));
        return table;
    }
}
