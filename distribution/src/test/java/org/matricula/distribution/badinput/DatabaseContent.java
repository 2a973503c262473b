package org.matricula.distribution.badinput;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** A checksum of the content of every table in every schema, to show that nothing stored changed. */
final class DatabaseContent {

    /**
     * Tables whose content changes by design while requests are refused; each with the reason. Any
     * other table, including those a plugin adds in its own schema, must be exactly as it was.
     */
    static final Map<String, String> EXCLUDED_TABLES = Map.of(
            "public.login_failures", "every failed log-in is recorded by design: it is how guessing is throttled",
            "public.periodic_runs", "the plugins' periodic tasks note each run, once a second, whatever the requests",
            "public.project_digests", "the periodic project digest notes what it reported, on its own schedule",
            "public.flyway_schema_history", "migration bookkeeping, not content (and unchanged by requests anyway)");

    /** Columns left out of a table's checksum, each with the reason. */
    static final Map<String, List<String>> EXCLUDED_COLUMNS = Map.of(
            // Every request of a session slides its expiry; the sessions themselves must stay as they were.
            "public.sessions", List.of("last_seen_at", "expires_at"));

    /** Rows left out of a table's checksum (the condition keeps the rest), each with the reason. */
    static final Map<String, String> COUNTED_ROWS = Map.of(
            // An export with odd but harmless parameters is still an export, and every export is audited.
            "public.audit_log", "t.action <> 'EXPORT'",
            // The CRM feed's mark for new accounts is a time, moved on once a minute while none come (so
            // that its poll stops reading an import's last minute again); the marks of the records a
            // request could add (history rows, mails) stay counted.
            "public.crm_sync", "t.source <> 'accounts'");

    private DatabaseContent() {
    }

    /** Table name (schema.table) to the MD5 of all its rows, in a stable order. */
    static Map<String, String> checksums(Jdbi jdbi) {
        return jdbi.withHandle(handle -> {
            List<String> tables = handle.createQuery("""
                    SELECT table_schema || '.' || table_name FROM information_schema.tables
                    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                    ORDER BY 1""").mapTo(String.class).list();
            Map<String, String> sums = new TreeMap<>();
            for (String table : tables) {
                if (EXCLUDED_TABLES.containsKey(table)) {
                    continue;
                }
                String[] parts = table.split("\\.", 2);
                String quoted = "\"" + parts[0] + "\".\"" + parts[1] + "\"";
                List<String> columns = handle.createQuery("""
                        SELECT column_name FROM information_schema.columns
                        WHERE table_schema = :schema AND table_name = :table ORDER BY ordinal_position""")
                        .bind("schema", parts[0]).bind("table", parts[1]).mapTo(String.class).list();
                columns.removeAll(EXCLUDED_COLUMNS.getOrDefault(table, List.of()));
                String row = "ROW(" + String.join(", ", columns.stream().map(c -> "t.\"" + c + "\"").toList()) + ")";
                sums.put(table, handle.createQuery("SELECT coalesce(md5(string_agg(" + row + "::text, '|' ORDER BY "
                        + row + "::text)), 'empty') FROM " + quoted + " t WHERE " + COUNTED_ROWS.getOrDefault(table, "TRUE"))
                        .mapTo(String.class).one());
            }
            return sums;
        });
    }
}
