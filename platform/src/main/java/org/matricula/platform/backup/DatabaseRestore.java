package org.matricula.platform.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.Notifications;

/**
 * Restores a backup written by {@link DatabaseBackup}: checks the whole file, refuses a database
 * that already holds data unless forced, then drops Matricula's schemas, recreates them with their
 * migrations at the backed-up versions and loads the rows in one transaction. Everything that can
 * fail on a bad file, a missing plugin JAR or a non-empty database fails before the first change.
 */
public final class DatabaseRestore {

    private final Database database;
    private final Path pluginsDir;
    private final PrintStream out;

    public DatabaseRestore(Database database, Path pluginsDir, PrintStream out) {
        this.database = database;
        this.pluginsDir = pluginsDir;
        this.out = out;
    }

    public void restore(Path file, boolean force) {
        out.println("Checking " + file);
        BackupManifest manifest = new BackupVerifier(out).verify(file);
        out.println("Backup of Matricula " + manifest.platformVersion() + " made " + manifest.createdAt() + ": "
                + manifest.tableCount() + " tables");
        try (RestoreMigrations migrations = new RestoreMigrations(database, pluginsDir, manifest)) {
            migrations.check();
            try (Connection connection = database.dataSource().getConnection()) {
                OwnedSchemas owned = new OwnedSchemas(connection);
                List<String> present = owned.names();
                if (!force) {
                    refuseIfHoldsData(owned, present);
                }
                dropSchemas(connection, present, manifest);
            }
            migrations.run();
            try (Connection connection = database.dataSource().getConnection()) {
                new DataLoad(connection, out).load(file, manifest);
                // The load fires no triggers: servers running on this database keep what they read
                // before (the catalog, sessions) until told.
                Notifications.announceEverythingChanged(connection);
            }
        } catch (SQLException | IOException e) {
            throw new BackupException("restore failed: " + e.getMessage(), e);
        }
    }

    private static void refuseIfHoldsData(OwnedSchemas owned, List<String> schemas) throws SQLException {
        for (Table table : owned.tables(schemas)) {
            if (!table.name().equals(OwnedSchemas.HISTORY) && owned.hasRows(table)) {
                throw new BackupException("the database already holds data (" + table.label() + " has rows);"
                        + " a restore replaces all of it, so add --force to go ahead");
            }
        }
    }

    // Dropping rather than emptying lets a backup made before newer migrations be restored, too.
    private static void dropSchemas(Connection connection, List<String> present, BackupManifest manifest)
            throws SQLException {
        Set<String> schemas = new LinkedHashSet<>(present);
        manifest.schemas().forEach(schema -> schemas.add(schema.name()));
        schemas.add("public");
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS " + Table.quote(schema) + " CASCADE");
            }
            statement.execute("CREATE SCHEMA public");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }
}
