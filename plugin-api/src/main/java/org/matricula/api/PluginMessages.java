package org.matricula.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A plugin's own texts, kept in message bundles inside its JAR rather than in code:
 * {@code i18n/<plugin id>/messages_<language>.properties}, UTF-8, one file per language, for
 * example {@code i18n/evening-school/messages_ru.properties}, {@code messages_en.properties} and
 * {@code messages_kk.properties}. The language is a tag such as {@code ru}, {@code kk} or
 * {@code pt-BR} ({@code pt_BR} is read as well). The languages are the files found, so a plugin
 * adds a language by adding a file; a key missing in one file falls back as {@link LocalizedText}
 * does.
 *
 * <p>The files are read once, when the messages are made, and only from the JAR (or class folder)
 * that holds the class given: a plugin never sees another plugin's texts. Instances are immutable
 * and thread-safe; keep one in a {@code static final} field.
 *
 * <pre>{@code
 * static final PluginMessages MESSAGES = PluginMessages.of(EveningSchoolFamily.class, "evening-school");
 * LocalizedText title = MESSAGES.text("family.title");
 * }</pre>
 *
 * @since 1.1.0
 */
public final class PluginMessages {

    private static final Pattern BUNDLE = Pattern.compile("messages_([A-Za-z0-9_-]+)\\.properties");
    private static final Pattern PLUGIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final List<String> UI_LANGUAGES = List.of("ru", "en");
    private static final Comparator<String> UI_LANGUAGES_FIRST = Comparator
            .comparing((String tag) -> UI_LANGUAGES.contains(tag) ? UI_LANGUAGES.indexOf(tag) : UI_LANGUAGES.size())
            .thenComparing(Comparator.naturalOrder());

    private final String pluginId;
    private final Map<String, Map<String, String>> messagesByLanguage;

    private PluginMessages(String pluginId, Map<String, Map<String, String>> messagesByLanguage) {
        this.pluginId = pluginId;
        this.messagesByLanguage = messagesByLanguage;
    }

    /**
     * Reads the bundles of a plugin from the JAR or class folder that holds the given class.
     *
     * @param pluginClass any class of the plugin, typically the one asking
     * @param pluginId    the plugin id, which names the bundles' folder
     * @throws IllegalStateException when the plugin ships no bundle, a file name names no language
     *                               or a file is not valid UTF-8
     * @since 1.1.0
     */
    public static PluginMessages of(Class<?> pluginClass, String pluginId) {
        if (pluginId == null || !PLUGIN_ID.matcher(pluginId).matches()) {
            throw new IllegalArgumentException("'" + pluginId + "' is not a plugin id");
        }
        Path origin = origin(pluginClass);
        String folder = folder(pluginId);
        Map<String, Map<String, String>> read = Files.isDirectory(origin)
                ? readFolder(origin.resolve(folder))
                : readJar(origin, folder);
        if (read.isEmpty()) {
            throw new IllegalStateException("No message bundles " + folder + "messages_<language>.properties in "
                    + origin);
        }
        Map<String, Map<String, String>> ordered = new LinkedHashMap<>();
        read.keySet().stream().sorted(UI_LANGUAGES_FIRST).forEach(tag -> ordered.put(tag, read.get(tag)));
        return new PluginMessages(pluginId, Collections.unmodifiableMap(ordered));
    }

    /**
     * The folder of a plugin's bundles inside its JAR, such as {@code i18n/evening-school/}.
     *
     * @since 1.1.0
     */
    public static String folder(String pluginId) {
        return "i18n/" + pluginId + "/";
    }

    /** @since 1.1.0 */
    public String pluginId() {
        return pluginId;
    }

    /**
     * The languages the plugin ships bundles for: Russian and English first, then the others by tag.
     *
     * @since 1.1.0
     */
    public Set<String> languages() {
        return messagesByLanguage.keySet();
    }

    /**
     * The text of a key in every language whose bundle has it.
     *
     * @throws MissingResourceException when no bundle has the key
     * @since 1.1.0
     */
    public LocalizedText text(String key) {
        Map<String, String> texts = new LinkedHashMap<>();
        messagesByLanguage.forEach((language, messages) -> {
            String text = messages.get(key);
            if (text != null) {
                texts.put(language, text);
            }
        });
        if (texts.isEmpty()) {
            throw new MissingResourceException("No bundle of plugin " + pluginId + " has the key '" + key + "' (read "
                    + languages() + ")", PluginMessages.class.getName(), key);
        }
        return LocalizedText.of(texts);
    }

    /**
     * The text of a key with its {@code {0}}, {@code {1}}, ... placeholders filled, each language
     * formatted by {@link MessageFormat} in that language (so numbers and dates read as its speakers
     * write them). As with Java's own bundles, a single quote in a pattern is written twice.
     *
     * @throws MissingResourceException when no bundle has the key
     * @since 1.1.0
     */
    public LocalizedText text(String key, Object... arguments) {
        Map<String, String> formatted = new LinkedHashMap<>();
        text(key).texts().forEach((language, pattern) -> formatted.put(language,
                new MessageFormat(pattern, Locale.forLanguageTag(language)).format(arguments)));
        return LocalizedText.of(formatted);
    }

    private static Path origin(Class<?> pluginClass) {
        CodeSource source = pluginClass.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            throw new IllegalStateException("Cannot tell which JAR " + pluginClass.getName() + " was loaded from ("
                    + location + ")");
        }
        try {
            return Path.of(location.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unreadable location of " + pluginClass.getName() + ": " + location, e);
        }
    }

    private static Map<String, Map<String, String>> readFolder(Path folder) {
        Map<String, Map<String, String>> read = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return read;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (isBundleName(name)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        add(read, name, in, file.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the message bundles in " + folder, e);
        }
        return read;
    }

    private static Map<String, Map<String, String>> readJar(Path jar, String folder) {
        Map<String, Map<String, String>> read = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile(), StandardCharsets.UTF_8)) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                boolean directlyInFolder = entry.getName().equals(folder + name);
                if (!entry.isDirectory() && directlyInFolder && isBundleName(name)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        add(read, name, in, jar + "!/" + entry.getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the message bundles in " + jar, e);
        }
        return read;
    }

    /** Any {@code messages*.properties}: a file meant as a bundle whose name gives no language is an error, not skipped. */
    private static boolean isBundleName(String name) {
        return name.startsWith("messages") && name.endsWith(".properties");
    }

    private static void add(Map<String, Map<String, String>> read, String name, InputStream in, String where)
            throws IOException {
        Matcher bundle = BUNDLE.matcher(name);
        String language;
        try {
            language = bundle.matches() ? LocalizedText.languageTag(bundle.group(1)) : null;
        } catch (IllegalArgumentException e) {
            language = null;
        }
        if (language == null) {
            throw new IllegalStateException(where + " names no language: call it messages_<language>.properties, "
                    + "for example messages_ru.properties");
        }
        if (read.containsKey(language)) {
            throw new IllegalStateException(where + " is a second bundle for language " + language);
        }
        Properties messages = new Properties();
        // A decoder that reports bad bytes: a bundle saved in another encoding fails here, not as garbled text.
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())) {
            messages.load(reader);
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(where + " is not UTF-8 text", e);
        }
        Map<String, String> byKey = new TreeMap<>();
        messages.stringPropertyNames().forEach(key -> byKey.put(key, messages.getProperty(key)));
        read.put(language, Collections.unmodifiableMap(byKey));
    }
}
