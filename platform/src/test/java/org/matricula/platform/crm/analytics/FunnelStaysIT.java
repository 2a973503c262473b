package org.matricula.platform.crm.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The funnel's stays (migration V67) follow the moves in the same transaction: moves by hand,
 * backwards too, a merge of two persons, a change of the stages; and the funnel figures read from
 * them equal those counted from the moves as before, over generated moves and several periods.
 */
class FunnelStaysIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId UTC = ZoneId.of("UTC");

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
    }

    @Test
    void theStaysFollowMovesByHandBackwardsAndAMerge() throws Exception {
        UUID anna = person("Stays Anna");
        UUID boris = person("Stays Boris");
        move(anna, "interested");
        move(anna, "applicant");
        move(anna, "interested");
        move(anna, "applicant");
        List<Map<String, Object>> stays = stays(anna);
        assertEquals(4, stays.size());
        assertEquals(computed(anna), stays);
        // the first stay in interested ended with the first move to applicant, which it reached
        assertEquals(stays.get(1).get("entered_at"), stays.get(0).get("left_at"));
        assertEquals(stays.get(1).get("entered_at"), stays.get(0).get("reached_next_at"));
        assertEquals("applicant", stays.get(0).get("next_stage"));
        // moved back by hand: the second stay in interested knows the first, and reached applicant again
        assertEquals("interested", stays.get(2).get("stage"));
        assertEquals(stays.get(0).get("entered_at"), stays.get(2).get("earlier_same_stage"));
        assertEquals(stays.get(3).get("entered_at"), stays.get(2).get("reached_next_at"));
        assertEquals(null, stays.get(3).get("left_at"));

        move(boris, "interested");
        move(boris, "applicant");
        move(boris, "student");
        HttpResponse<String> merged = server.send(admin.json("/api/v1/crm/persons/" + anna + "/merge")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("drop", boris)))));
        assertEquals(200, merged.statusCode(), merged.body());
        List<Map<String, Object>> after = stays(anna);
        assertEquals(7, after.size());
        assertEquals(computed(anna), after);
        assertEquals(List.of(), stays(boris));
        // Boris's moves came last: Anna's last stay in applicant now ends with his move to interested
        assertEquals(after.get(4).get("entered_at"), after.get(3).get("left_at"));
        assertEquals("student", after.get(6).get("stage"));
    }

    @Test
    void theFunnelFromTheStaysEqualsTheFunnelCountedFromTheMoves() {
        String[] stages = {"interested", "applicant", "student", "alumnus"};
        jdbi.useTransaction(h -> {
            h.execute("""
                    INSERT INTO persons (id, full_name, email)
                    SELECT md5('stays-person-' || n)::uuid, 'Stays ' || n, 'stays-' || n || '@example.org'
                    FROM generate_series(1, 300) n""");
            // up to eight moves each, forwards and backwards, over 2039 to 2041, some at the same instant
            h.execute("""
                    INSERT INTO funnel_moves (person_id, from_stage, to_stage, automatic, at)
                    SELECT md5('stays-person-' || n)::uuid, NULL, (?::text[])[1 + (n * 7 + k * k * 3) % 4], k % 2 = 0,
                           timestamptz '2039-10-01 00:00Z' + ((n * 37 + k * 53) % 700) * interval '1 day'
                               + ((n + k) % 3) * interval '7 hours'
                    FROM generate_series(1, 300) n CROSS JOIN generate_series(1, 8) k WHERE k <= 1 + n % 8""",
                    (Object) stages);
        });
        List<Period> periods = List.of(new Period(YearMonth.of(2040, 1), YearMonth.of(2040, 3)),
                new Period(YearMonth.of(2040, 2), YearMonth.of(2040, 12)),
                new Period(YearMonth.of(2039, 6), YearMonth.of(2041, 12)), Period.month(YearMonth.of(2040, 7)));
        for (Period period : periods) {
            List<String> expected = fromMoves(period);
            assertEquals(expected, fromStays(period), period.toString());
            assertFalse(expected.get(0).startsWith("interested 0 "), expected.toString());
        }
        // a stage switched off: the next stage of the one before it changes, and the stays follow
        try {
            jdbi.useHandle(h -> h.execute("UPDATE funnel_stages SET active = false WHERE code = 'applicant'"));
            for (Period period : periods) {
                assertEquals(fromMoves(period), fromStays(period), period.toString());
            }
        } finally {
            jdbi.useHandle(h -> h.execute("UPDATE funnel_stages SET active = true WHERE code = 'applicant'"));
        }
        for (Period period : periods) {
            assertEquals(fromMoves(period), fromStays(period), period.toString());
        }
    }

    /**
     * The funnel's plan over the bench's moves ({@code funnel.persons} persons, 5,000 unless told;
     * 2.1 moves each): the period's stays read once, not the moves, no sort spilling to disk. Written to {@code target/funnel-plan.txt} for docs/performance.md.
     */
    @Test
    void theFunnelIsAnIndexRangePerStage() throws Exception {
        int persons = Integer.getInteger("funnel.persons", 5_000);
        jdbi.useTransaction(h -> {
            h.execute("""
                    INSERT INTO persons (id, last_name, first_name, full_name, created_at)
                    SELECT md5('plan-person-' || n)::uuid, 'Bench', 'Person ' || n, 'Bench Person ' || n,
                           now() - ((n * 31) % 730) * interval '1 day'
                    FROM generate_series(1, ?) n""", persons);
            h.execute("""
                    INSERT INTO funnel_moves (person_id, from_stage, to_stage, automatic, at)
                    SELECT md5('plan-person-' || n)::uuid, s.from_stage, s.to_stage, true,
                           now() - ((n * 31) % 730) * interval '1 day' + s.after * (1 + n % 20) * interval '1 day'
                    FROM generate_series(1, ?) n
                    JOIN (VALUES (NULL, 'interested', 0, 10), ('interested', 'applicant', 1, 6),
                                 ('applicant', 'student', 3, 4), ('student', 'alumnus', 9, 1))
                         AS s (from_stage, to_stage, after, share) ON n % 10 < s.share""", persons);
        });
        jdbi.useHandle(h -> h.execute("VACUUM ANALYZE funnel_stays"));
        YearMonth now = YearMonth.now(UTC);
        Period year = new Period(now.minusMonths(11), now);
        List<String> plan = jdbi.withHandle(h -> h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + Analytics.FUNNEL)
                .bind("start", year.start(UTC)).bind("end", year.end(UTC)).mapTo(String.class).list());
        java.nio.file.Files.write(java.nio.file.Path.of("target", "funnel-plan.txt"),
                (java.lang.Iterable<String>) () -> java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("-- funnel, last 12 months, " + persons + " generated persons"),
                        plan.stream()).iterator());
        // the stays of the period are read once, each stage's as a range of its index (V90; only
        // from the index once the table's pages are all visible, as at the bench's size), and
        // nothing spills to disk, as the moves' window sorts and then the sort of all the
        // period's stays by stage did
        String text = String.join("\n", plan);
        assertFalse(text.contains("temp read") || text.contains("temp written"), text);
        assertFalse(text.contains("funnel_moves"), text);
        assertTrue(text.contains("Index Cond: ((stage = funnel_stages.code)"), text);
        assertFalse(text.contains("Sort Key: t.stage"), text);
        assertEquals(fromMoves(year), fromStays(year));
    }

    static List<String> fromStays(Period period) {
        List<String> rows = new ArrayList<>();
        for (Analytics.StageFigure figure : new Analytics(jdbi, UTC).funnel(period)) {
            rows.add(figure.stage() + " " + figure.entered() + " " + figure.converted() + " " + figure.medianDays());
        }
        return rows;
    }

    /** The funnel as counted from the moves before the stays were kept (V62). */
    static List<String> fromMoves(Period period) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                WITH stages AS (
                    SELECT code, position, lead(code) OVER (ORDER BY position) AS next_code
                    FROM funnel_stages WHERE active),
                people AS (
                    SELECT DISTINCT person_id FROM funnel_moves WHERE at >= :start AND at < :end),
                moves AS (
                    SELECT m.person_id, m.to_stage, m.at,
                           lead(m.at) OVER (PARTITION BY m.person_id ORDER BY m.at, m.id) AS left_at
                    FROM funnel_moves m JOIN people p ON p.person_id = m.person_id),
                reached AS (
                    SELECT person_id, to_stage, max(at) AS at FROM moves GROUP BY person_id, to_stage),
                stays AS (
                    SELECT v.person_id, v.to_stage, v.at, v.left_at, r.at IS NOT NULL AS converted
                    FROM moves v JOIN stages s ON s.code = v.to_stage
                    LEFT JOIN reached r ON r.person_id = v.person_id AND r.to_stage = s.next_code AND r.at >= v.at
                    WHERE v.at >= :start AND v.at < :end)
                SELECT s.code, s.next_code, count(DISTINCT t.person_id) AS entered,
                       count(DISTINCT t.person_id) FILTER (WHERE t.converted) AS converted,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.left_at - t.at)) AS median
                FROM stages s LEFT JOIN stays t ON t.to_stage = s.code
                GROUP BY s.code, s.next_code, s.position ORDER BY s.position""")
                .bind("start", period.start(UTC)).bind("end", period.end(UTC))
                .map((rs, ctx) -> {
                    long entered = rs.getLong("entered");
                    long converted = rs.getLong("converted");
                    double median = rs.getDouble("median");
                    boolean none = rs.wasNull();
                    String next = rs.getString("next_code");
                    return rs.getString("code") + " " + entered + " " + (next == null ? 0 : converted) + " "
                            + (none ? null : BigDecimal.valueOf(median / 86400).setScale(1, RoundingMode.HALF_UP));
                }).list());
    }

    static UUID person(String name) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO persons (full_name, email) VALUES (:n, :e) RETURNING id")
                .bind("n", name).bind("e", "stays-" + UUID.randomUUID() + "@example.org").mapTo(UUID.class).one());
    }

    static void move(UUID person, String stage) throws Exception {
        HttpResponse<String> moved = server.send(admin.json("/api/v1/crm/persons/" + person + "/stage")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("stage", stage, "reason", "by hand")))));
        assertEquals(200, moved.statusCode(), moved.body());
    }

    static List<Map<String, Object>> stays(UUID person) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT stage, entered_at, left_at, next_stage, reached_next_at, earlier_same_stage FROM funnel_stays
                WHERE person_id = :p ORDER BY entered_at, move_id""").bind("p", person).mapToMap().list());
    }

    static List<Map<String, Object>> computed(UUID person) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT m.to_stage AS stage, m.at AS entered_at,
                       lead(m.at) OVER (PARTITION BY m.person_id ORDER BY m.at, m.id) AS left_at,
                       (SELECT n.code FROM funnel_stages n WHERE n.active AND n.position > s.position
                        ORDER BY n.position LIMIT 1) AS next_stage,
                       (SELECT min(r.at) FROM funnel_moves r WHERE r.person_id = m.person_id AND r.at >= m.at
                           AND r.to_stage = (SELECT n.code FROM funnel_stages n WHERE n.active
                                             AND n.position > s.position ORDER BY n.position LIMIT 1)) AS reached_next_at,
                       (SELECT max(e.at) FROM funnel_moves e WHERE e.person_id = m.person_id
                           AND e.to_stage = m.to_stage AND (e.at, e.id) < (m.at, m.id)) AS earlier_same_stage
                FROM funnel_moves m JOIN funnel_stages s ON s.code = m.to_stage
                WHERE m.person_id = :p ORDER BY m.at, m.id""").bind("p", person).mapToMap().list());
    }
}
