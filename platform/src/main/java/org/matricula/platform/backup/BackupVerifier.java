package org.matricula.platform.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a whole backup file before a restore touches the database: the gzip checksum, the end
 * marker, the manifest and each table's SHA-256 and size must all agree, so a cut-off or damaged
 * file is refused with nothing changed.
 */
final class BackupVerifier {

    private final PrintStream out;

    BackupVerifier(PrintStream out) {
        this.out = out;
    }

    BackupManifest verify(Path file) {
        Map<String, String> hashes = new HashMap<>();
        byte[] manifestJson = null;
        Progress progress = new Progress(out, 0);
        progress.starting("checking " + file.getFileName());
        long[] before = {0};
        try (InputStream in = Files.newInputStream(file); ArchiveReader archive = new ArchiveReader(in)) {
            EntryInputStream entry;
            while ((entry = archive.next(bytes -> progress.advanced(before[0] + bytes))) != null) {
                if (entry.name().equals(BackupManifest.ENTRY)) {
                    manifestJson = entry.readAllBytes();
                } else {
                    entry.drain();
                }
                hashes.put(entry.name(), entry.sha256() + "/" + entry.bytes());
                before[0] += entry.bytes();
            }
        } catch (NoSuchFileException e) {
            throw new BackupException("backup file not found: " + file);
        } catch (BackupException e) {
            throw new BackupException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw damaged(file, e instanceof EOFException ? "it ends too early" : String.valueOf(e.getMessage()));
        }
        if (manifestJson == null) {
            throw damaged(file, "it has no manifest");
        }
        BackupManifest manifest = BackupManifest.fromJson(manifestJson);
        hashes.remove(BackupManifest.ENTRY);
        for (BackupManifest.SchemaEntry schema : manifest.schemas()) {
            for (BackupManifest.TableEntry table : schema.tables()) {
                String name = BackupManifest.entryName(schema.name(), table.name());
                if (!(table.sha256() + "/" + table.bytes()).equals(hashes.remove(name))) {
                    throw damaged(file, "the rows of " + schema.name() + "." + table.name() + " are missing or altered");
                }
            }
        }
        if (!hashes.isEmpty()) {
            throw damaged(file, "it holds entries its manifest does not list: " + hashes.keySet());
        }
        return manifest;
    }

    private static BackupException damaged(Path file, String reason) {
        return new BackupException("the backup file " + file + " is damaged or incomplete (" + reason + ")");
    }
}
