package org.matricula.bench;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.Database;

/**
 * What PostgreSQL spent on each statement over a phase, per request of the phase, from
 * {@code pg_stat_statements}: only when the platform runs with
 * {@code db.embedded.statement-statistics=true} (say {@code -Dbench.settings=...}), as counting
 * costs PostgreSQL a few per cent of its CPU. Execution and planning times are PostgreSQL's own,
 * waits for locks and the disk included, and the background's statements are counted as well.
 */
final class StatementStatistics {

    private static final int SHOWN = 20;

    private final Jdbi jdbi;
    private final boolean on;

    private StatementStatistics(Jdbi jdbi, boolean on) {
        this.jdbi = jdbi;
        this.on = on;
    }

    static StatementStatistics of(Database database) {
        Jdbi jdbi = database.jdbi();
        return new StatementStatistics(jdbi, jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) > 0 FROM pg_extension WHERE extname = 'pg_stat_statements'").mapTo(Boolean.class).one()));
    }

    /** Forgets what was counted so far. */
    void reset() {
        if (on) {
            jdbi.useHandle(h -> h.createQuery("SELECT pg_stat_statements_reset()").mapToMap().list());
        }
    }

    /** The statements that took PostgreSQL the most time since the reset, per one of these requests; none when off. */
    List<String> perRequest(long requests) {
        if (!on || requests == 0) {
            return List.of();
        }
        double n = requests;
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format("statements per request (pg_stat_statements): %.2f ms of execution and planning in all",
                jdbi.withHandle(h -> h.createQuery("SELECT coalesce(sum(total_exec_time + total_plan_time), 0)"
                        + " FROM pg_stat_statements").mapTo(Double.class).one()) / n));
        lines.addAll(jdbi.withHandle(h -> h.createQuery("""
                SELECT calls, total_exec_time, total_plan_time, rows,
                       left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
                FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT :shown""")
                .bind("shown", SHOWN)
                .map((rs, ctx) -> String.format("    %.3f calls, %.3f ms + %.3f ms planning, %.1f rows a call: %s",
                        rs.getLong("calls") / n, rs.getDouble("total_exec_time") / n, rs.getDouble("total_plan_time") / n,
                        rs.getLong("rows") / Math.max(1.0, rs.getLong("calls")), rs.getString("query")))
                .list()));
        return lines;
    }
}
