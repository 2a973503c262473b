package org.matricula.platform.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a complete logical backup of Matricula's database over JDBC, the same for the embedded
 * and an external server: every table of every owned schema (migration history included) as CSV
 * from {@code COPY}, the sequence values and a manifest, all read in one repeatable-read
 * transaction so the backup is a consistent snapshot while the server keeps serving.
 */
public final class DatabaseBackup {

    private final DataSource dataSource;
    private final PrintStream out;

    public DatabaseBackup(DataSource dataSource, PrintStream out) {
        this.dataSource = dataSource;
        this.out = out;
    }

    /** Writes to a partial file first and renames it at the end, so a failed run leaves no backup-like file. */
    public void write(Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (OutputStream target = Files.newOutputStream(partial); ArchiveWriter archive = new ArchiveWriter(target)) {
                CopyFormats.apply(connection);
                dump(connection, archive);
                archive.finish();
            } finally {
                connection.rollback();
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("Backup written to " + file + " (" + Progress.size(Files.size(file)) + ")");
        } catch (SQLException | IOException e) {
            deleteQuietly(partial);
            throw new BackupException("cannot write the backup: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    private void dump(Connection connection, ArchiveWriter archive) throws SQLException, IOException {
        OwnedSchemas owned = new OwnedSchemas(connection);
        List<String> schemas = owned.names();
        List<Table> tables = owned.tables(schemas);
        out.println("Backing up " + tables.size() + " tables of " + String.join(", ", schemas));
        Progress progress = new Progress(out, tables.size());
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        List<BackupManifest.SchemaEntry> entries = new ArrayList<>();
        for (String schema : schemas) {
            List<BackupManifest.TableEntry> dumped = new ArrayList<>();
            for (Table table : tables.stream().filter(t -> t.schema().equals(schema)).toList()) {
                List<String> columns = owned.columns(table);
                progress.starting(table.label());
                EntryOutputStream entry = archive.entry(BackupManifest.entryName(schema, table.name()), progress::advanced);
                long rows = copy.copyOut("COPY " + table.qualified() + " (" + CopyFormats.columnList(columns)
                        + ") TO STDOUT (FORMAT csv)", entry);
                entry.close();
                progress.finished(rows, entry.bytes());
                dumped.add(new BackupManifest.TableEntry(table.name(), columns, rows, entry.bytes(), entry.sha256()));
            }
            entries.add(new BackupManifest.SchemaEntry(schema, owned.migratedTo(schema), dumped,
                    new SequenceValues(connection).read(schema, owned.sequences(schema))));
        }
        BackupManifest manifest = new BackupManifest(ArchiveWriter.FORMAT, platformVersion(), Instant.now().toString(),
                connection.getMetaData().getDatabaseProductVersion(), entries);
        try (EntryOutputStream entry = archive.entry(BackupManifest.ENTRY, bytes -> { })) {
            entry.write(manifest.toJson());
        }
        progress.summary("Backed up", "");
    }

    static String platformVersion() {
        return Optional.ofNullable(DatabaseBackup.class.getPackage().getImplementationVersion()).orElse("development");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the error being reported matters more
        }
    }
}
