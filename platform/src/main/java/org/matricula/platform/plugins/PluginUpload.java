package org.matricula.platform.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.matricula.platform.errors.BadRequestException;
import org.matricula.platform.errors.Failures;
import org.pf4j.PluginDescriptor;

/**
 * Checks an uploaded plugin before anything installed changes: a readable JAR of bounded size
 * with a plugin manifest and a sane id. Stored as {@code <plugin id>.jar} in the plugins folder;
 * the uploaded file name is never used as a path.
 */
final class PluginUpload {

    static final long MAX_BYTES = 100L * 1024 * 1024;
    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private final Path pluginsDir;
    private final Path workDir;

    PluginUpload(Path pluginsDir, Path workDir) {
        this.pluginsDir = pluginsDir;
        this.workDir = workDir;
    }

    Path store(String fileName, InputStream body) {
        if (fileName == null || !fileName.toLowerCase(java.util.Locale.ROOT).matches(".+\\.(jar|zip)")) {
            throw BadRequestException.localized("refusal.plugin.fileName");
        }
        Path upload = receive(body);
        try {
            PluginDescriptor descriptor = describe(upload);
            if (!PLUGIN_ID.matcher(descriptor.getPluginId()).matches()) {
                throw BadRequestException.localized("refusal.plugin.badId", descriptor.getPluginId());
            }
            Files.createDirectories(pluginsDir);
            Path target = pluginsDir.resolve(descriptor.getPluginId() + ".jar");
            Files.move(upload, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            PluginFiles.deleteQuietly(upload);
        }
    }

    private Path receive(InputStream body) {
        try {
            Files.createDirectories(workDir);
            Path upload = Files.createTempFile(workDir, "upload", ".jar");
            long size = 0;
            try (InputStream in = body; OutputStream out = Files.newOutputStream(upload)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) != -1; ) {
                    size += read;
                    if (size > MAX_BYTES) {
                        PluginFiles.deleteQuietly(upload);
                        throw BadRequestException.localized("refusal.plugin.tooLarge", MAX_BYTES / (1024 * 1024));
                    }
                    out.write(buffer, 0, read);
                }
            }
            if (size == 0) {
                PluginFiles.deleteQuietly(upload);
                throw BadRequestException.localized("refusal.plugin.empty");
            }
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PluginDescriptor describe(Path upload) {
        try (ZipFile ignored = new ZipFile(upload.toFile())) {
            return PluginFiles.describe(upload);
        } catch (IOException e) {
            throw BadRequestException.localized("refusal.plugin.notJar");
        } catch (RuntimeException e) {
            throw BadRequestException.localized("refusal.plugin.noManifest", Failures.rootMessage(e));
        }
    }
}
