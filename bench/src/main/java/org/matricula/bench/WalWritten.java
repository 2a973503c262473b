package org.matricula.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.Database;

/**
 * What PostgreSQL wrote to its log since a mark, from {@code pg_stat_wal} and the checkpoints
 * counted by the checkpointer: after each checkpoint the first change to a page writes the
 * whole page into the log (with {@code full_page_writes} on), so the share of full-page images
 * tells how much of a write's log is the page it touched rather than the change.
 */
final class WalWritten {

    /** The relations whose log is listed, largest first. */
    private static final int RELATIONS_LISTED = 25;

    private final Jdbi jdbi;
    /** The checkpoints counted so far, as this server's version names them. */
    private final String checkpoints;
    private Counts marked;

    private record Counts(long records, long fullPages, long bytes, long checkpoints, String position) {
    }

    WalWritten(Database database) {
        this.jdbi = database.jdbi();
        // PostgreSQL 17 moved the checkpoints' counts from pg_stat_bgwriter to pg_stat_checkpointer.
        this.checkpoints = jdbi.withHandle(h -> h.createQuery("SELECT current_setting('server_version_num')::int")
                .mapTo(Integer.class).one()) >= 170000
                        ? "(SELECT num_timed + num_requested FROM pg_stat_checkpointer)"
                        : "(SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)";
        this.marked = counts();
    }

    void mark() {
        marked = counts();
    }

    /** Per request since the mark: log records, full-page images, bytes; and the checkpoints in between. */
    String perRequestSinceMark(long requests) {
        Counts now = counts();
        double per = Math.max(1, requests);
        return String.format(Locale.ROOT, "WAL per request: %.1f records, %.2f full-page images, %.1f kB (%.1f kB of"
                + " full pages at most); %d checkpoint(s)", (now.records() - marked.records()) / per,
                (now.fullPages() - marked.fullPages()) / per, (now.bytes() - marked.bytes()) / per / 1024,
                (now.fullPages() - marked.fullPages()) * 8.0 / per, now.checkpoints() - marked.checkpoints());
    }

    private Counts counts() {
        return jdbi.withHandle(h -> h.createQuery("SELECT wal_records, wal_fpi, wal_bytes, " + checkpoints
                + ", pg_current_wal_insert_lsn()::text FROM pg_stat_wal")
                .map((rs, ctx) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5))).one());
    }

    /**
     * The log since the mark by the relation whose pages it changed, per request (through
     * {@code pg_walinspect}, read from the log files themselves): which tables and indexes a
     * request's writes, its own and the background's, cost. A record changing pages of several
     * relations counts for each; records changing no relation's page (commits) are left out.
     */
    List<String> byRelationSinceMark(long requests) {
        String from = marked.position();
        String to = counts().position();
        double per = Math.max(1, requests);
        try {
            return jdbi.withHandle(h -> {
                h.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
                List<String> lines = new ArrayList<>();
                lines.add("WAL by relation per request (pg_walinspect), records and bytes of the records"
                        + " touching it, full-page bytes:");
                h.createQuery("""
                        SELECT coalesce(pg_filenode_relation(CASE WHEN b.reltablespace = t.oid THEN 0
                                            ELSE b.reltablespace END, b.relfilenode)::text,
                                        'file ' || b.relfilenode) AS relation,
                               count(*) AS records, sum(b.record_length) AS bytes, sum(b.block_fpi_length) AS full_pages,
                               string_agg(DISTINCT b.resource_manager, ',') AS kinds
                        FROM pg_get_wal_block_info(CAST(:from AS pg_lsn), CAST(:to AS pg_lsn), false) b
                        CROSS JOIN (SELECT oid FROM pg_tablespace WHERE spcname = 'pg_default') t
                        GROUP BY 1 ORDER BY bytes DESC LIMIT :limit""")
                        .bind("from", from).bind("to", to).bind("limit", RELATIONS_LISTED)
                        .map((rs, ctx) -> String.format(Locale.ROOT, "  %7.2f records %8.0f B %7.0f B  %s (%s)",
                                rs.getLong("records") / per, rs.getLong("bytes") / per,
                                rs.getLong("full_pages") / per, rs.getString("relation"), rs.getString("kinds")))
                        .forEach(lines::add);
                return lines;
            });
        } catch (RuntimeException e) {
            return List.of("WAL by relation: not available (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
