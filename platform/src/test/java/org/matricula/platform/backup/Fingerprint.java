package org.matricula.platform.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Every table of every non-system schema, as found in the catalog, by row count and a hash of
 * all its rows; and every sequence's position. Two databases with equal fingerprints hold the
 * same data.
 */
final class Fingerprint {

    private Fingerprint() {
    }

    static Map<String, String> of(DataSource dataSource) {
        Map<String, String> print = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String[] table : pairs(statement, """
                    SELECT table_schema, table_name FROM information_schema.tables
                    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')""")) {
                String name = quote(table[0]) + "." + quote(table[1]);
                try (ResultSet row = statement.executeQuery("SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text))"
                        + " FROM " + name + " t")) {
                    row.next();
                    print.put(table[0] + "." + table[1], row.getLong(1) + " rows " + row.getString(2));
                }
            }
            for (String[] sequence : pairs(statement, "SELECT schemaname, sequencename FROM pg_sequences")) {
                try (ResultSet row = statement.executeQuery("SELECT last_value, is_called FROM "
                        + quote(sequence[0]) + "." + quote(sequence[1]))) {
                    row.next();
                    print.put("sequence " + sequence[0] + "." + sequence[1], row.getLong(1) + "/" + row.getBoolean(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return print;
    }

    private static List<String[]> pairs(Statement statement, String sql) throws SQLException {
        List<String[]> pairs = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                pairs.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        return pairs;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
