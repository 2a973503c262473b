package org.matricula.platform.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;

/** File chores of the plugin manager: checksums and private copies. */
final class PluginFiles {

    private PluginFiles() {
    }

    static boolean isPluginFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return Files.isRegularFile(path) && (name.endsWith(".jar") || name.endsWith(".zip"));
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies a plugin file to the private folder under a name that includes its checksum, so the
     * running plugin never reads a file an admin is replacing.
     */
    static Path privateCopy(Path source, String checksum, Path privateDir) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path copy = privateDir.resolve(name.substring(0, dot) + "-" + checksum.substring(0, 12) + name.substring(dot));
        try {
            Files.createDirectories(privateDir);
            if (!Files.exists(copy)) {
                Path partial = Files.createTempFile(privateDir, "incoming", ".part");
                Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy plugin " + source + " to " + privateDir, e);
        }
    }

    static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a stale private copy only costs disk space; it is replaced on the next change
        }
    }

    /**
     * Reads a plugin's manifest, insisting on an id and a version.
     *
     * @throws IllegalArgumentException when the manifest is missing or incomplete
     */
    static PluginDescriptor describe(Path jar) {
        PluginDescriptor descriptor = new ManifestPluginDescriptorFinder().find(jar);
        if (descriptor.getPluginId() == null || descriptor.getPluginId().isBlank()) {
            throw new IllegalArgumentException("the manifest has no Plugin-Id");
        }
        if (descriptor.getVersion() == null || descriptor.getVersion().isBlank()) {
            throw new IllegalArgumentException("the manifest has no Plugin-Version");
        }
        return descriptor;
    }
}
