package org.matricula.platform.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Fixes the text formats of the transaction that copies rows out or in, so a backup reads the
 * same whatever the server's or the session's defaults (time zone, date style, float digits).
 * CSV rather than binary COPY: it survives a restore onto a newer PostgreSQL.
 */
final class CopyFormats {

    private CopyFormats() {
    }

    static void apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL TimeZone = 'UTC'");
            statement.execute("SET LOCAL DateStyle = 'ISO, YMD'");
            statement.execute("SET LOCAL IntervalStyle = 'postgres'");
            statement.execute("SET LOCAL extra_float_digits = 3");
            statement.execute("SET LOCAL bytea_output = 'hex'");
        }
    }

    static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(Table::quote).toList());
    }
}
