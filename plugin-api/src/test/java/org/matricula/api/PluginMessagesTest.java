package org.matricula.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginMessagesTest {

    /** A class of a plugin, copied into test JARs and loaded from there. */
    public static final class Anchor {
    }

    @TempDir
    Path temp;

    @Test
    void bundlesInTheClassFolderAreReadWithTheirLanguages() {
        PluginMessages messages = PluginMessages.of(PluginMessagesTest.class, "test-plugin");
        assertEquals("test-plugin", messages.pluginId());
        assertEquals(List.of("ru", "en", "kk"), List.copyOf(messages.languages()), "Russian and English first");

        LocalizedText title = messages.text("family.title");
        assertEquals("Вечерняя школа", title.ru());
        assertEquals("Evening school", title.en());
        assertEquals("Кешкі мектеп", title.inLanguage("kk"));
    }

    @Test
    void keyMissingInOneBundleFallsBackAndMissingInAllIsAnError() {
        PluginMessages messages = PluginMessages.of(PluginMessagesTest.class, "test-plugin");
        LocalizedText label = messages.text("weeklyHours.label");
        assertEquals(List.of("ru", "en"), List.copyOf(label.texts().keySet()));
        assertEquals("Часов в неделю", label.inLanguage("kk"));
        assertEquals("Только по-русски", messages.text("only.russian").en());

        MissingResourceException missing = assertThrows(MissingResourceException.class,
                () -> messages.text("no.such.key"));
        assertEquals("no.such.key", missing.getKey());
        assertTrue(missing.getMessage().contains("test-plugin"), missing.getMessage());
    }

    @Test
    void argumentsAreFormattedInEachLanguage() {
        LocalizedText tooMany = PluginMessages.of(PluginMessagesTest.class, "test-plugin")
                .text("weeklyHours.tooMany", 12);
        assertEquals("Не больше 12 часов в неделю", tooMany.ru());
        assertEquals("No more than 12 hours a week", tooMany.en());
        assertEquals("Аптасына 12 сағаттан аспайды", tooMany.inLanguage("kk"));
    }

    @Test
    void aPluginReadsOnlyItsOwnFolder() {
        PluginMessages other = PluginMessages.of(PluginMessagesTest.class, "other-plugin");
        assertEquals(List.of("ru"), List.copyOf(other.languages()));
        assertEquals("Чужой плагин", other.text("family.title").en());
        assertThrows(MissingResourceException.class, () -> other.text("weeklyHours.label"));
    }

    @Test
    void bundlesAreReadFromThePluginsOwnJarAndAThirdLanguageIsOneMoreFile() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("i18n/jar-plugin/messages_ru.properties", utf8("greeting=Здравствуйте\n"));
        files.put("i18n/jar-plugin/messages_en.properties", utf8("greeting=Hello\n"));
        Class<?> twoLanguages = loadFromJar("two.jar", files);
        assertEquals(List.of("ru", "en"), List.copyOf(PluginMessages.of(twoLanguages, "jar-plugin").languages()));

        files.put("i18n/jar-plugin/messages_pt_BR.properties", utf8("greeting=Olá\n"));
        Class<?> threeLanguages = loadFromJar("three.jar", files);
        PluginMessages messages = PluginMessages.of(threeLanguages, "jar-plugin");
        assertEquals(List.of("ru", "en", "pt-BR"), List.copyOf(messages.languages()));
        assertEquals("Olá", messages.text("greeting").in(Locale.forLanguageTag("pt-BR")));
        assertFalse(messages.languages().contains("kk"), "the class folder's bundles are not the JAR's");
    }

    @Test
    void pluginWithoutBundlesIsToldWhereTheyBelong() throws Exception {
        Class<?> anchor = loadFromJar("none.jar", Map.of("i18n/someone-else/messages_ru.properties", utf8("a=b\n")));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> PluginMessages.of(anchor, "lonely"));
        assertTrue(error.getMessage().contains("i18n/lonely/messages_<language>.properties"), error.getMessage());
    }

    @Test
    void bundleWithoutALanguageInItsNameIsRefused() throws Exception {
        Class<?> anchor = loadFromJar("unnamed.jar", Map.of("i18n/unnamed/messages.properties", utf8("a=b\n")));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> PluginMessages.of(anchor, "unnamed"));
        assertTrue(error.getMessage().contains("messages.properties names no language"), error.getMessage());
    }

    @Test
    void bundleInAnotherEncodingIsRefusedRatherThanShownGarbled() throws Exception {
        byte[] windows1251 = "greeting=Здравствуйте\n".getBytes(Charset.forName("windows-1251"));
        Class<?> anchor = loadFromJar("cp1251.jar", Map.of("i18n/legacy/messages_ru.properties", windows1251));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> PluginMessages.of(anchor, "legacy"));
        assertTrue(error.getMessage().contains("not UTF-8"), error.getMessage());
    }

    @Test
    void pluginIdCannotLeaveTheBundlesFolder() {
        assertThrows(IllegalArgumentException.class, () -> PluginMessages.of(PluginMessagesTest.class, "../etc"));
        assertThrows(IllegalArgumentException.class, () -> PluginMessages.of(PluginMessagesTest.class, ""));
    }

    /** Writes a JAR holding {@link Anchor} and the files, and loads Anchor from it (not from the test classes). */
    private Class<?> loadFromJar(String name, Map<String, byte[]> files) throws IOException, ClassNotFoundException {
        Path jar = temp.resolve(name);
        String anchorPath = Anchor.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             InputStream anchor = Anchor.class.getClassLoader().getResourceAsStream(anchorPath)) {
            zip.putNextEntry(new JarEntry(anchorPath));
            zip.write(anchor.readAllBytes());
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new JarEntry(file.getKey()));
                zip.write(file.getValue());
            }
        }
        // The platform class loader as parent: Anchor must come from the JAR, as a plugin's classes do.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> loaded = loader.loadClass(Anchor.class.getName());
            assertEquals(loader, loaded.getClassLoader());
            return loaded;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
