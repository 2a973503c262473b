package org.matricula.platform.i18n;

import com.github.mustachejava.TemplateFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Format;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every text the platform shows a person, looked up by key in the message bundles
 * {@code i18n/messages_<language>.properties} (UTF-8) on the class path.
 *
 * <p>The languages are the bundles present: adding {@code messages_de.properties} adds German
 * to the language switcher, the pages, the mails and the validation messages. Russian is the
 * default language. A key missing from a partial bundle falls back to English, the language a
 * reader of a third language is likeliest to understand, then to Russian. An installation adds
 * languages, or words texts its own way, with files in its {@code i18n/} folder ({@link #addFolder}).
 *
 * <p>Texts are {@link MessageFormat} patterns: {@code {0}} takes the first argument, and an
 * apostrophe is written twice ({@code ''}). In templates the {@code t} helper of {@link #helper}
 * looks texts up; there a text is HTML, which is why bundles may hold a link.
 */
public final class Messages {

    public static final Locale RUSSIAN = Locale.forLanguageTag("ru");

    private static final String BUNDLE = "i18n/messages_";
    private static final List<Locale> FALLBACKS = List.of(Locale.ENGLISH, RUSSIAN);
    private static final Pattern FILE_NAME = Pattern.compile("messages_([a-z]{2,3})\\.properties");
    private static final Set<String> ISO_LANGUAGES = Set.of(Locale.getISOLanguages());
    /** The class path's bundles, with an installation's own files over them once it has started. */
    private static volatile Map<String, Properties> bundles = load();
    private static final Pattern WORDS = Pattern.compile("\\s+");
    /**
     * One {@code t} helper per language, each keeping the template text every body it was asked
     * for stands for: bundles never change while the platform runs, and a page asks for dozens of
     * texts, so each is parsed and formatted once rather than on every render.
     */
    private static final Map<String, TemplateFunction> HELPERS = new ConcurrentHashMap<>();
    /** Texts without arguments, formatted once per language: the keys are the bundles' own. */
    private static final Map<String, Map<String, String>> PLAIN_TEXTS = new ConcurrentHashMap<>();

    private Messages() {
    }

    /** The text under {@code key} in the locale's language, formatted with {@code args}. */
    public static String text(Locale locale, String key, Object... args) {
        if (args.length == 0) {
            return PLAIN_TEXTS.computeIfAbsent(language(locale), language -> new ConcurrentHashMap<>())
                    .computeIfAbsent(key, plain -> new MessageFormat(pattern(locale, plain), locale).format(args));
        }
        return new MessageFormat(pattern(locale, key), locale).format(args);
    }

    /** The raw text under {@code key}, unformatted: used for date patterns and by the tests. */
    public static String pattern(Locale locale, String key) {
        Properties own = bundles.get(language(locale));
        if (own != null && own.containsKey(key)) {
            return own.getProperty(key);
        }
        for (Locale fallback : FALLBACKS) {
            Properties bundle = bundles.get(fallback.getLanguage());
            if (bundle != null && bundle.containsKey(key)) {
                return bundle.getProperty(key);
            }
        }
        throw new IllegalArgumentException("No message '" + key + "' in any bundle");
    }

    /** The languages offered, Russian (the default) first, then by language code. */
    public static List<Locale> languages() {
        List<Locale> all = new ArrayList<>(bundles.keySet().stream().map(Locale::forLanguageTag).toList());
        all.sort(Comparator.comparing((Locale locale) -> !locale.equals(RUSSIAN)).thenComparing(Locale::getLanguage));
        return all;
    }

    /** The offered language a tag such as {@code en}, {@code en-GB} or {@code de_AT} asks for. */
    public static Optional<Locale> language(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String stripped = tag.strip();
        int subtags = indexOfAny(stripped, '-', '_');
        String language = (subtags < 0 ? stripped : stripped.substring(0, subtags)).toLowerCase(Locale.ROOT);
        return bundles.containsKey(language) ? Optional.of(Locale.forLanguageTag(language)) : Optional.empty();
    }

    /** Read on every request from Accept-Language; {@code String.split} would compile a pattern each time. */
    private static int indexOfAny(String text, char first, char second) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == first || c == second) {
                return i;
            }
        }
        return -1;
    }

    /** The keys of one language's own bundle, without fallbacks. */
    public static Set<String> keys(Locale locale) {
        Properties bundle = bundles.getOrDefault(language(locale), new Properties());
        return new TreeSet<>(bundle.stringPropertyNames());
    }

    /**
     * The template helper, put into page scopes as {@code t}: {@code {{#t}}key{{/t}}} writes the
     * text, and {@code {{#t}}key name other.name{{/t}}} passes the values of those scope names as
     * {@code {0}}, {@code {1}}: they are rendered, and HTML-escaped, like {@code {{name}}}.
     */
    public static TemplateFunction helper(Locale locale) {
        return HELPERS.computeIfAbsent(language(locale), language -> {
            Map<String, String> texts = new ConcurrentHashMap<>();
            return body -> texts.computeIfAbsent(body, key -> templateText(locale, key));
        });
    }

    private static String templateText(Locale locale, String body) {
        String[] words = WORDS.split(body.strip());
        Object[] args = Arrays.stream(words, 1, words.length).map(name -> "{{" + name + "}}").toArray();
        return text(locale, words[0], args);
    }

    private static String language(Locale locale) {
        return locale == null ? RUSSIAN.getLanguage() : locale.getLanguage();
    }

    /**
     * Adds an installation's own bundles, the files {@code messages_<language>.properties} (UTF-8) in
     * {@code folder}: a file for a language the platform has no bundle for adds that language, one for
     * a language it has replaces the texts it holds and keeps the others. Called once as the platform
     * starts, before any text is shown; a folder that is not there adds nothing.
     *
     * @return the languages the folder's files gave texts for
     * @throws IllegalArgumentException naming the file, for a file named after no ISO 639 language,
     *         not in UTF-8, or holding a text that is no valid pattern
     */
    public static List<String> addFolder(Path folder) throws IOException {
        List<Path> files = bundleFiles(folder);
        bundles = overlaid(bundles, files);
        HELPERS.clear();
        PLAIN_TEXTS.clear();
        return files.stream().map(Messages::languageOf).toList();
    }

    /** The {@code .properties} files in the folder, by name; none when there is no such folder. */
    static List<Path> bundleFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".properties")).sorted().toList();
        }
    }

    /** The bundles with each file's texts over its language's, a language of its own where there was none. */
    static Map<String, Properties> overlaid(Map<String, Properties> base, List<Path> files) throws IOException {
        Map<String, Properties> merged = new LinkedHashMap<>(base);
        for (Path file : files) {
            String language = languageOf(file);
            Properties bundle = new Properties();
            Properties before = merged.get(language);
            if (before != null) {
                bundle.putAll(before);
            }
            Properties own = readChecked(file);
            Properties english = base.getOrDefault(Locale.ENGLISH.getLanguage(), new Properties());
            for (String key : own.stringPropertyNames()) {
                if (english.containsKey(key)) {
                    requireArgumentsAsIn(file, key, own.getProperty(key), english.getProperty(key));
                }
            }
            bundle.putAll(own);
            merged.put(language, bundle);
        }
        return Map.copyOf(merged);
    }

    private static String languageOf(Path file) {
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        if (!name.matches() || !ISO_LANGUAGES.contains(name.group(1))) {
            throw new IllegalArgumentException(file + ": a message bundle is named messages_<language>.properties,"
                    + " the language a lower-case ISO 639 code such as kk or de");
        }
        return name.group(1);
    }

    private static Properties readChecked(Path file) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not saved as UTF-8", e);
        }
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        for (String key : properties.stringPropertyNames()) {
            try {
                new MessageFormat(properties.getProperty(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": the text of " + key + " is no valid pattern ("
                        + e.getMessage() + "); write a single quote as ''", e);
            }
        }
        return properties;
    }

    /**
     * Refuses a text that formats an argument where the platform's English text does not, or
     * otherwise ({@code {0,number}} where English has {@code {0}}): the platform passes the
     * arguments English expects, and a number format given a name fails the page showing it.
     */
    private static void requireArgumentsAsIn(Path file, String key, String text, String english) {
        Format[] theirs = new MessageFormat(text).getFormatsByArgumentIndex();
        Format[] expected = new MessageFormat(english).getFormatsByArgumentIndex();
        for (int i = 0; i < theirs.length; i++) {
            Format wanted = i < expected.length ? expected[i] : null;
            if (theirs[i] != null && (wanted == null || theirs[i].getClass() != wanted.getClass())) {
                throw new IllegalArgumentException(file + ": the text of " + key + " formats {" + i
                        + "} otherwise than the English text does (" + english + ")");
            }
        }
    }

    /** Finds the bundles by asking for each ISO language: works alike in folders and in JARs. */
    private static Map<String, Properties> load() {
        ClassLoader loader = Messages.class.getClassLoader();
        Map<String, Properties> bundles = new LinkedHashMap<>();
        for (String language : Locale.getISOLanguages()) {
            URL bundle = loader.getResource(BUNDLE + language + ".properties");
            if (bundle != null) {
                bundles.put(language, read(bundle));
            }
        }
        if (!bundles.containsKey(RUSSIAN.getLanguage())) {
            throw new IllegalStateException("The Russian message bundle is missing from the class path");
        }
        return Map.copyOf(bundles);
    }

    private static Properties read(URL bundle) {
        Properties properties = new Properties();
        try (InputStream in = bundle.openStream()) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + bundle, e);
        }
        return properties;
    }
}
