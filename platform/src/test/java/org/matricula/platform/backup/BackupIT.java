package org.matricula.platform.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.Notifications;
import org.matricula.platform.testing.Eventually;

/** Backup, wipe, restore and compare every table of every schema, over real PostgreSQL. */
class BackupIT {

    @TempDir
    Path home;
    final List<Database> databases = new ArrayList<>();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @AfterEach
    void close() {
        databases.forEach(Database::close);
    }

    @Test
    void backupWipeAndRestoreGiveBackEveryRowOfEverySchema() throws Exception {
        Database database = filled();
        Map<String, String> before = Fingerprint.of(database.dataSource());
        assertTrue(before.containsKey(FilledDatabase.PLUGIN + ".items"), before.toString());
        before.forEach((table, print) -> assertFalse(print.startsWith("0 rows"), table + " has test rows"));
        Path file = backup(database);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*\\[ ?\\d+/\\d+] public\\.declaration_documents  2 rows  \\d+ KB.*"), printed);
        long tables = before.keySet().stream().filter(key -> !key.startsWith("sequence ")).count();
        assertTrue(printed.contains("Backed up " + tables + " tables"), printed);

        execute(database, "DROP SCHEMA \"" + FilledDatabase.PLUGIN + "\" CASCADE", "DROP SCHEMA public CASCADE",
                "CREATE SCHEMA public");
        assertTrue(Fingerprint.of(database.dataSource()).isEmpty());
        restore(database, file, false);

        assertEquals(before, Fingerprint.of(database.dataSource()));
        assertEquals(0, database.migrations().load().migrate().migrationsExecuted, "history restored as it was");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("Restored " + tables + " tables"));
    }

    @Test
    void restoresIntoASecondFreshDatabase() throws Exception {
        Database source = filled();
        Path file = backup(source);
        Database target = track(FilledDatabase.empty());
        restore(target, file, false);
        assertEquals(Fingerprint.of(source.dataSource()), Fingerprint.of(target.dataSource()));
    }

    @Test
    void aDatabaseWithDataIsReplacedOnlyWithForce() throws Exception {
        Database source = filled();
        Path file = backup(source);
        Database target = migratedEmpty();
        execute(target, "INSERT INTO programs (code, name) VALUES ('kept', 'Kept')");
        Map<String, String> untouched = Fingerprint.of(target.dataSource());

        BackupException refused = assertThrows(BackupException.class, () -> restore(target, file, false));
        assertTrue(refused.getMessage().contains("public.programs has rows") && refused.getMessage().contains("--force"),
                refused.getMessage());
        assertEquals(untouched, Fingerprint.of(target.dataSource()));

        restore(target, file, true);
        assertEquals(Fingerprint.of(source.dataSource()), Fingerprint.of(target.dataSource()));
    }

    @Test
    void aNodeRunningOnTheDatabaseDropsWhatItKeepsWhenARestoreReplacesIt() throws Exception {
        Database source = filled();
        Path file = backup(source);
        Database target = migratedEmpty();
        List<Boolean> told = new CopyOnWriteArrayList<>();
        try (Notifications listening = Notifications.start(target, Map.of("catalog_changed",
                new Notifications.Subscriber() {
                    @Override
                    public void changed(List<String> payloads) {
                    }

                    @Override
                    public void listening(boolean listening) {
                        told.add(listening);
                    }
                }))) {
            assertEquals(List.of(true), told, "listening from the start");
            // The load fires no triggers, so the tables' own notices never come.
            restore(target, file, true);
            Eventually.holds("told to drop what it keeps", Duration.ofSeconds(1), () -> told.size() == 2);
            assertEquals(List.of(true, true), told);
        }
    }

    @Test
    void aCutOffOrDamagedFileIsRefusedAndChangesNothing() throws Exception {
        Database database = filled();
        Path file = backup(database);
        Map<String, String> before = Fingerprint.of(database.dataSource());
        byte[] bytes = Files.readAllBytes(file);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;

        Map<String, byte[]> bad = Map.of("cut.backup", Arrays.copyOf(bytes, bytes.length * 2 / 3),
                "short.backup", Arrays.copyOf(bytes, bytes.length - 4), "flipped.backup", flipped,
                "other.backup", "not a backup at all".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> damaged : bad.entrySet()) {
            Path copy = Files.write(home.resolve(damaged.getKey()), damaged.getValue());
            BackupException refused = assertThrows(BackupException.class, () -> restore(database, copy, true));
            assertTrue(refused.getMessage().contains("damaged or incomplete")
                    || refused.getMessage().contains("not a Matricula backup"), refused.getMessage());
            assertEquals(before, Fingerprint.of(database.dataSource()), damaged.getKey());
        }
    }

    private Database filled() throws SQLException {
        return track(FilledDatabase.create(home));
    }

    private Database track(Database database) {
        databases.add(database);
        return database;
    }

    private Path backup(Database database) {
        Path file = home.resolve("matricula-" + databases.indexOf(database) + ".backup");
        new DatabaseBackup(database.dataSource(), out).write(file);
        assertFalse(Files.exists(file.resolveSibling(file.getFileName() + ".part")));
        return file;
    }

    /** A database with the platform's tables and no rows: what a restore must be forced to replace once it has some. */
    private Database migratedEmpty() {
        Database database = track(FilledDatabase.empty());
        database.migrate();
        return database;
    }

    private void restore(Database database, Path file, boolean force) {
        new DatabaseRestore(database, home.resolve("plugins"), out).restore(file, force);
    }

    private static void execute(Database database, String... statements) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
