package org.matricula.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.Database;

/**
 * Which tables PostgreSQL's autovacuum vacuumed or analyzed since a mark, from
 * {@code pg_stat_all_tables}: its workers share the cores with a phase, and the table says whose
 * rows brought them (the platform's own, or a baseline's).
 */
final class AutovacuumRuns {

    private final Jdbi jdbi;
    private Map<String, Runs> marked = Map.of();

    /** How many times autovacuum vacuumed and analyzed a table so far. */
    private record Runs(long vacuums, long analyzes) {
    }

    AutovacuumRuns(Database database) {
        this.jdbi = database.jdbi();
    }

    void mark() {
        marked = counts();
    }

    /** The tables taken up since the mark, with how many times, or "none". */
    String sinceMark() {
        List<String> runs = new ArrayList<>();
        counts().forEach((table, now) -> {
            Runs then = marked.getOrDefault(table, new Runs(0, 0));
            long vacuums = now.vacuums() - then.vacuums();
            long analyzes = now.analyzes() - then.analyzes();
            if (vacuums > 0 || analyzes > 0) {
                runs.add(table + " (vacuum " + vacuums + ", analyze " + analyzes + ")");
            }
        });
        return runs.isEmpty() ? "none" : String.join(", ", runs.stream().sorted().toList());
    }

    private Map<String, Runs> counts() {
        Map<String, Runs> counts = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                SELECT schemaname || '.' || relname AS name, autovacuum_count, autoanalyze_count
                FROM pg_stat_all_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')""")
                .map((rs, ctx) -> Map.entry(rs.getString("name"),
                        new Runs(rs.getLong("autovacuum_count"), rs.getLong("autoanalyze_count"))))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return counts;
    }
}
