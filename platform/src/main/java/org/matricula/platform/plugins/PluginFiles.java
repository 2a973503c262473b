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
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;

/** File chores of the plugin manager: checksums and private copies. */
final class PluginFiles {

    /** Where refused plugin files go, inside the plugins folder. */
    static final String REFUSED_FOLDER = "refused";
    private static final String REASON_SUFFIX = ".reason";
    private static final String MIGRATIONS_FOLDER = "db/migration/";
    private static final DateTimeFormatter REFUSED_AT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

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

    /**
     * Moves a refused plugin file into {@code refused/} next to it, with the reason in
     * {@code <file name>.reason}, so the next start neither retries nor reports it again. A file
     * refused before under the same name stays: uploads are all called {@code <plugin id>.jar}, and
     * each refusal's file and reason are kept for the admin to read. The later one is named with
     * its version, and with the time of the refusal if that name is taken too.
     *
     * @param version the refused file's {@code Plugin-Version}, {@code null} when unreadable
     * @return where the file now is
     */
    static Path moveAside(Path source, String version, String reason) {
        Path refusedDir = source.resolveSibling(REFUSED_FOLDER);
        try {
            Files.createDirectories(refusedDir);
            Path target = freeName(refusedDir, source.getFileName().toString(), version);
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(refusedDir.resolve(target.getFileName() + REASON_SUFFIX), reason + System.lineSeparator());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move refused plugin " + source + " to " + refusedDir, e);
        }
    }

    private static Path freeName(Path refusedDir, String name, String version) {
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String extension = dot < 0 ? "" : name.substring(dot);
        String versioned = version == null || version.isBlank() || base.endsWith("-" + version) ? base
                : base + "-" + version.replaceAll("[^A-Za-z0-9._-]", "_");
        List<String> names = new ArrayList<>(List.of(name, versioned + extension));
        String stamped = versioned + "-" + REFUSED_AT.format(LocalDateTime.now());
        names.add(stamped + extension);
        for (int attempt = 2; attempt < 1000; attempt++) {
            names.add(stamped + "-" + attempt + extension);
        }
        for (String candidate : names) {
            Path target = refusedDir.resolve(candidate);
            if (Files.notExists(target) && Files.notExists(refusedDir.resolve(candidate + REASON_SUFFIX))) {
                return target;
            }
        }
        throw new IllegalStateException("No free name for refused plugin " + name + " in " + refusedDir);
    }

    /**
     * A plugin's migrations must be in {@code db/migration/<Plugin-Id>/}; a JAR whose migrations
     * are only in another folder would start without its tables.
     *
     * @return the reason to refuse the JAR, naming both folders, if its migrations are elsewhere
     */
    static Optional<String> misplacedMigrations(Path jar, String pluginId) {
        String expected = MIGRATIONS_FOLDER + pluginId + "/";
        Set<String> found = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith(MIGRATIONS_FOLDER)).forEach(name -> {
                int end = name.indexOf('/', MIGRATIONS_FOLDER.length());
                if (end > MIGRATIONS_FOLDER.length()) {
                    found.add(name.substring(0, end + 1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read plugin " + jar, e);
        }
        if (found.isEmpty() || found.contains(expected)) {
            return Optional.empty();
        }
        return Optional.of("Plugin-Id '" + pluginId + "' expects its migrations in " + expected
                + " but the JAR has them in " + String.join(", ", found));
    }

    /** Puts the file a plugin runs from back where an admin keeps it, e.g. after a refused upgrade took its place. */
    static void restore(Path copy, Path source) {
        try {
            Path partial = Files.createTempFile(source.getParent(), "restored", ".part");
            Files.copy(copy, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, source, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore plugin file " + source + " from " + copy, e);
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
