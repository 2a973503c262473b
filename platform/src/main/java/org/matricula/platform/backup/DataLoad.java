package org.matricula.platform.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a backup's rows into freshly migrated schemas in one transaction: empties the tables
 * (migrations may have inserted rows, and the history tables must be the backed-up ones), copies
 * every table in and sets the sequences. Triggers stay silent meanwhile, so a plugin trigger does
 * not add rows the backup already holds.
 */
final class DataLoad {

    private final Connection connection;
    private final PrintStream out;

    DataLoad(Connection connection, PrintStream out) {
        this.connection = connection;
        this.out = out;
    }

    void load(Path file, BackupManifest manifest) throws SQLException, IOException {
        Map<String, Table> tables = new HashMap<>();
        Map<String, BackupManifest.TableEntry> entries = new HashMap<>();
        connection.setAutoCommit(false);
        try {
            CopyFormats.apply(connection);
            for (BackupManifest.SchemaEntry schema : manifest.schemas()) {
                for (BackupManifest.TableEntry table : schema.tables()) {
                    String name = BackupManifest.entryName(schema.name(), table.name());
                    tables.put(name, new Table(0, schema.name(), table.name()));
                    entries.put(name, table);
                }
            }
            List<String> names = tables.values().stream().map(Table::qualified).sorted().toList();
            boolean replica = silenceTriggers(names);
            if (!names.isEmpty()) {
                execute("TRUNCATE " + String.join(", ", names) + " CASCADE");
            }
            copyIn(file, tables, entries, new Progress(out, tables.size()));
            for (BackupManifest.SchemaEntry schema : manifest.schemas()) {
                new SequenceValues(connection).write(schema.name(), schema.sequences());
            }
            if (!replica) {
                for (String name : names) {
                    execute("ALTER TABLE " + name + " ENABLE TRIGGER USER");
                }
            }
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private void copyIn(Path file, Map<String, Table> tables, Map<String, BackupManifest.TableEntry> entries,
            Progress progress) throws SQLException, IOException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (InputStream in = Files.newInputStream(file); ArchiveReader archive = new ArchiveReader(in)) {
            EntryInputStream entry;
            while ((entry = archive.next(progress::advanced)) != null) {
                Table table = tables.get(entry.name());
                if (table == null) {
                    entry.drain();
                    continue;
                }
                BackupManifest.TableEntry expected = entries.get(entry.name());
                progress.starting(table.label());
                long rows = copy.copyIn("COPY " + table.qualified() + " (" + CopyFormats.columnList(expected.columns())
                        + ") FROM STDIN (FORMAT csv)", entry);
                if (rows != expected.rows() || !entry.sha256().equals(expected.sha256())) {
                    throw new BackupException(table.label() + " did not load as backed up (" + rows + " of "
                            + expected.rows() + " rows); the file changed while it was being restored?");
                }
                progress.finished(rows, entry.bytes());
            }
        }
        progress.summary("Restored", "");
    }

    /**
     * Replica mode switches off triggers and foreign-key checks for this transaction; it needs a
     * superuser (or a granted SET). Otherwise the tables' own triggers are disabled, and the keys
     * hold anyway because the backup lists parent tables first.
     */
    private boolean silenceTriggers(List<String> names) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            execute("SET LOCAL session_replication_role = replica");
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException notAllowed) {
            connection.rollback(savepoint);
            for (String name : names) {
                execute("ALTER TABLE " + name + " DISABLE TRIGGER USER");
            }
            return false;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
