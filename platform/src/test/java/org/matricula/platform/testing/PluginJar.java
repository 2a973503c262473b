package org.matricula.platform.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds real plugin JAR files in tests: a PF4J manifest, class files taken from the test class
 * path, an explicit extension index and any resources (with directory entries, which class-path
 * scanners such as Flyway's need).
 */
public final class PluginJar {

    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();
    private byte[] rawManifest;

    private PluginJar(String id, String version) {
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", version);
        manifest.put("Plugin-Requires", ">=1.0.0 & <2.0.0");
        manifest.put("Plugin-Description", "Test plugin " + id);
    }

    public static PluginJar plugin(String id, String version) {
        return new PluginJar(id, version);
    }

    public PluginJar pluginClass(Class<?> type) {
        manifest.put("Plugin-Class", type.getName());
        return withClass(type);
    }

    /** Names a Plugin-Class without shipping it. */
    public PluginJar pluginClassName(String className) {
        manifest.put("Plugin-Class", className);
        return this;
    }

    public PluginJar requires(String constraint) {
        manifest.put("Plugin-Requires", constraint);
        return this;
    }

    public PluginJar dependsOn(String dependencies) {
        manifest.put("Plugin-Dependencies", dependencies);
        return this;
    }

    public PluginJar extension(Class<?> type) {
        extensions.add(type.getName());
        return withClass(type);
    }

    /** Lists an extension in the index whose class the JAR does not contain. */
    public PluginJar extensionName(String className) {
        extensions.add(className);
        return this;
    }

    public PluginJar withClass(Class<?> type) {
        String path = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
            entries.put(path, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public PluginJar resource(String path, String content) {
        entries.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A resource as raw bytes, e.g. a text in another encoding than UTF-8. */
    public PluginJar resource(String path, byte[] content) {
        entries.put(path, content.clone());
        return this;
    }

    /** Every file under a folder, such as a compiler's output, at its path relative to the folder. */
    public PluginJar files(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                entries.put(folder.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A manifest PF4J cannot read: no plugin id, no version. */
    public PluginJar brokenManifest() {
        rawManifest = "Manifest-Version: 1.0\r\nPlugin-Class: nothing\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    public Path writeTo(Path folder, String fileName) {
        Path jar = folder.resolve(fileName);
        try {
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder.getParent(), "jar", ".part");
            try (OutputStream out = Files.newOutputStream(partial);
                 JarOutputStream zip = new JarOutputStream(out, manifest())) {
                Set<String> directories = new LinkedHashSet<>();
                Map<String, byte[]> all = new LinkedHashMap<>(entries);
                if (!extensions.isEmpty()) {
                    all.put("META-INF/extensions.idx", String.join("\n", extensions).getBytes(StandardCharsets.UTF_8));
                }
                for (String path : all.keySet()) {
                    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                        directories.add(path.substring(0, slash + 1));
                    }
                }
                for (String directory : directories) {
                    if (!directory.equals("META-INF/")) {
                        zip.putNextEntry(new JarEntry(directory));
                        zip.closeEntry();
                    }
                }
                for (Map.Entry<String, byte[]> entry : all.entrySet()) {
                    zip.putNextEntry(new JarEntry(entry.getKey()));
                    zip.write(entry.getValue());
                    zip.closeEntry();
                }
            }
            // appear at once, as a finished file, like an admin's copy would end
            Files.move(partial, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Manifest manifest() throws IOException {
        if (rawManifest != null) {
            return new Manifest(new java.io.ByteArrayInputStream(rawManifest));
        }
        Manifest result = new Manifest();
        Attributes attributes = result.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((key, value) -> attributes.put(new Attributes.Name(key), value));
        return result;
    }
}
