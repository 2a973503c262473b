package org.matricula.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs a compiler's output folder into a plugin JAR with the PF4J manifest, as the plugin's own
 * {@code maven-jar-plugin} would: every file and folder (folders matter to class-path scanners
 * such as Flyway's), {@code META-INF/extensions.idx} included as PF4J's annotation processor wrote it.
 */
final class PluginJarBuilder {

    private PluginJarBuilder() {
    }

    static Path build(Path classes, String id, String version, String pluginClass, String requires, Path jar) {
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("No compiled plugin in " + classes.toAbsolutePath()
                    + ": run the tests through Maven (mvn verify), which compiles it first");
        }
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(new Attributes.Name("Plugin-Id"), id);
        attributes.put(new Attributes.Name("Plugin-Version"), version);
        attributes.put(new Attributes.Name("Plugin-Class"), pluginClass);
        attributes.put(new Attributes.Name("Plugin-Requires"), requires);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            List<Path> entries = walk.filter(path -> !path.equals(classes)).sorted().toList();
            for (Path path : entries) {
                String name = classes.relativize(path).toString().replace(File.separatorChar, '/');
                if (name.equals("META-INF/MANIFEST.MF") || name.equals("META-INF")) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    zip.putNextEntry(new JarEntry(name + "/"));
                } else {
                    zip.putNextEntry(new JarEntry(name));
                    Files.copy(path, zip);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the plugin JAR " + jar, e);
        }
        return jar;
    }
}
