package org.matricula.platform.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads and sets sequences, so numbers handed out after a restore continue where they stopped. */
final class SequenceValues {

    private final Connection connection;

    SequenceValues(Connection connection) {
        this.connection = connection;
    }

    List<BackupManifest.SequenceEntry> read(String schema, List<String> names) throws SQLException {
        List<BackupManifest.SequenceEntry> values = new ArrayList<>();
        for (String name : names) {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(
                    "SELECT last_value, is_called FROM " + Table.quote(schema) + "." + Table.quote(name))) {
                row.next();
                values.add(new BackupManifest.SequenceEntry(name, row.getLong(1), row.getBoolean(2)));
            }
        }
        return values;
    }

    void write(String schema, List<BackupManifest.SequenceEntry> values) throws SQLException {
        try (PreparedStatement setval = connection.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
            for (BackupManifest.SequenceEntry value : values) {
                setval.setString(1, Table.quote(schema) + "." + Table.quote(value.name()));
                setval.setLong(2, value.lastValue());
                setval.setBoolean(3, value.called());
                setval.executeQuery().close();
            }
        }
    }
}
