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
    private Map<String, List<Long>> marked = Map.of();

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
            List<Long> then = marked.getOrDefault(table, List.of(0L, 0L));
            long vacuums = now.get(0) - then.get(0);
            long analyzes = now.get(1) - then.get(1);
            if (vacuums > 0 || analyzes > 0) {
                runs.add(table + " (vacuum " + vacuums + ", analyze " + analyzes + ")");
            }
        });
        return runs.isEmpty() ? "none" : String.join(", ", runs.stream().sorted().toList());
    }

    private Map<String, List<Long>> counts() {
        Map<String, List<Long>> counts = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                SELECT schemaname || '.' || relname AS name, autovacuum_count, autoanalyze_count
                FROM pg_stat_all_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')""")
                .map((rs, ctx) -> Map.entry(rs.getString("name"),
                        List.of(rs.getLong("autovacuum_count"), rs.getLong("autoanalyze_count"))))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return counts;
    }
}
