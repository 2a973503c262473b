package org.matricula.platform.backup;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;

/**
 * What Matricula owns in its database, read from the catalog rather than listed by hand: the
 * {@code public} schema and each plugin's schema (named after a plugin in {@code plugin_registry}),
 * with their tables, sequences and migration versions.
 */
final class OwnedSchemas {

    static final String HISTORY = "flyway_schema_history";

    private final Connection connection;

    OwnedSchemas(Connection connection) {
        this.connection = connection;
    }

    /**
     * The owned schemas present in the database, {@code public} first: plugins' schemas are those
     * holding a migration history (each plugin migrates its own schema) or named after a plugin
     * in {@code plugin_registry}.
     */
    List<String> names() throws SQLException {
        boolean registry = !strings("SELECT 1::text WHERE to_regclass('public.plugin_registry') IS NOT NULL").isEmpty();
        return strings("SELECT nspname FROM pg_namespace WHERE nspname = 'public'"
                + " OR nspname IN (SELECT table_schema FROM information_schema.tables WHERE table_name = '" + HISTORY + "')"
                + (registry ? " OR nspname IN (SELECT plugin_id FROM public.plugin_registry)" : "")
                + " ORDER BY nspname <> 'public', nspname");
    }

    /** The tables of the schemas, parents before the tables whose foreign keys point at them. */
    List<Table> tables(List<String> schemas) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname = ANY (?)
                ORDER BY array_position(?, n.nspname::text), c.relname""")) {
            Array names = connection.createArrayOf("text", schemas.toArray());
            query.setArray(1, names);
            query.setArray(2, names);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(new Table(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return new DependencyOrder(connection).sort(tables);
    }

    /** The columns COPY can write back: generated ones are left out. */
    List<String> columns(Table table) throws SQLException {
        return strings("SELECT attname FROM pg_attribute WHERE attrelid = " + table.oid()
                + " AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum");
    }

    List<String> sequences(String schema) throws SQLException {
        return strings("SELECT sequencename FROM pg_sequences WHERE schemaname = ? ORDER BY sequencename", schema);
    }

    boolean hasRows(Table table) throws SQLException {
        return !strings("SELECT 'x' FROM " + table.qualified() + " LIMIT 1").isEmpty();
    }

    /** The highest successfully applied migration version, or null for a schema without migrations. */
    String migratedTo(String schema) throws SQLException {
        String history = Table.quote(schema) + "." + Table.quote(HISTORY);
        if (strings("SELECT 1::text WHERE to_regclass(?) IS NOT NULL", history).isEmpty()) {
            return null;
        }
        return strings("SELECT version FROM " + history + " WHERE success AND version IS NOT NULL").stream()
                .map(MigrationVersion::fromVersion).max(MigrationVersion::compareTo)
                .map(MigrationVersion::getVersion).orElse(null);
    }

    private List<String> strings(String sql, String... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
