package org.matricula.platform.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.registration.Status;

/** The bundles: RU and EN hold the same keys, every key the code and the templates use, and valid patterns. */
class MessagesTest {

    private static final Locale GERMAN = Locale.GERMAN;
    private static final Path MAIN = Path.of("src/main");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("\\{\\{#t}}\\s*([\\w.]+)");
    private static final Pattern JAVA_KEY = Pattern.compile("(?:Messages\\.text\\([^,]+,|Label\\.of\\()\\s*\"([\\w.]+)\"");
    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");
    /** A Java string literal (text blocks included), without the escapes' finer points: enough to find words. */
    private static final Pattern JAVA_STRING = Pattern.compile("\"\"\"(?s:.*?)\"\"\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    /** Words a page may show as they are, in every language: the product's name and a file format. */
    private static final Set<String> NAMES = Set.of("Matricula", "PDF");

    @Test
    void noBundleNamesAKeyTwice() throws IOException {
        try (var bundles = Files.list(MAIN.resolve("resources/i18n"))) {
            for (Path bundle : bundles.toList()) {
                Set<String> seen = new TreeSet<>();
                for (String line : Files.readAllLines(bundle)) {
                    int equals = line.indexOf('=');
                    if (!line.startsWith("#") && equals > 0) {
                        assertTrue(seen.add(line.substring(0, equals).strip()),
                                bundle.getFileName() + " names " + line.substring(0, equals) + " twice");
                    }
                }
            }
        }
    }

    @Test
    void russianAndEnglishHoldTheSameKeys() {
        Set<String> russian = Messages.keys(Messages.RUSSIAN);
        Set<String> english = Messages.keys(Locale.ENGLISH);
        Set<String> onlyRussian = new TreeSet<>(russian);
        onlyRussian.removeAll(english);
        Set<String> onlyEnglish = new TreeSet<>(english);
        onlyEnglish.removeAll(russian);
        assertEquals(Set.of(), onlyRussian, "keys missing from messages_en.properties");
        assertEquals(Set.of(), onlyEnglish, "keys missing from messages_ru.properties");
    }

    @Test
    void everyKeyTheTemplatesAndTheCodeUseIsInBothBundles() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.toString();
                if (name.endsWith(".mustache")) {
                    used.addAll(found(TEMPLATE_KEY, Files.readString(file)));
                } else if (name.endsWith(".java")) {
                    used.addAll(found(JAVA_KEY, Files.readString(file)));
                }
            }
        }
        for (Status status : Status.values()) {
            used.add("status." + status.name());
        }
        for (CurrentUser.Role role : CurrentUser.Role.values()) {
            used.add("role." + role.name());
        }
        assertTrue(used.size() > 250, "the scan finds the keys: " + used.size());
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(Messages.keys(Messages.RUSSIAN));
        assertEquals(Set.of(), missing, "keys used but not in the bundles");
        missing = new TreeSet<>(used);
        missing.removeAll(Messages.keys(Locale.ENGLISH));
        assertEquals(Set.of(), missing, "keys used but not in the English bundle");
    }

    @Test
    void everyTextIsAValidPatternWithItsApostrophesDoubled() {
        for (Locale language : Messages.languages()) {
            for (String key : Messages.keys(language)) {
                String pattern = Messages.pattern(language, key);
                if (key.startsWith("format.")) {
                    TimeDisplay.sqlPattern(pattern);
                    continue;
                }
                new MessageFormat(pattern, language);
                assertFalse(pattern.replace("''", "").contains("'"),
                        language + " " + key + ": a single apostrophe would quote the rest of the text");
            }
        }
    }

    @Test
    void aThirdLanguageIsOfferedByItsBundleAloneAndFallsBackToEnglish() {
        assertEquals(Locale.forLanguageTag("ru"), Messages.languages().get(0), "Russian stays the default");
        assertTrue(Messages.languages().contains(GERMAN), Messages.languages().toString());
        assertEquals(GERMAN, Messages.language("de-AT").orElseThrow());
        assertEquals("Anmeldung", Messages.text(GERMAN, "accounts.login.logIn"));
        assertEquals("Log in", Messages.text(GERMAN, "accounts.logIn"), "a key the partial bundle lacks");
        assertTrue(Messages.language("fr").isEmpty(), "no bundle, no language");
    }

    @Test
    void aLanguageIsReadFromTheTagsFirstSubtagWhateverItsSeparatorAndCase() {
        assertEquals(Locale.ENGLISH, Messages.language(" EN_gb ").orElseThrow());
        assertEquals(Locale.ENGLISH, Messages.language("en").orElseThrow());
        assertEquals(Messages.RUSSIAN, Messages.language("ru-RU-x-private").orElseThrow());
        assertTrue(Messages.language("-en").isEmpty(), "an empty first subtag is no language");
        assertTrue(Messages.language("english").isEmpty());
        assertTrue(Messages.language("  ").isEmpty());
    }

    @Test
    void argumentsAreFormattedAndTheTemplateHelperPassesScopeNames() {
        assertEquals("Request id: abc", Messages.text(Locale.ENGLISH, "error.requestId", "abc"));
        assertEquals("Номер запроса: {{requestId}}", Messages.helper(Messages.RUSSIAN).apply("error.requestId requestId"));
        assertEquals("Log in", Messages.helper(Locale.ENGLISH).apply(" accounts.logIn\n"));
    }

    @Test
    void theCsvExportWritesTimesAfterTheSameRule() {
        assertEquals("DD.MM.YYYY HH24:MI", TimeDisplay.sqlPattern("dd.MM.yyyy HH:mm"));
        assertEquals("YYYY-MM-DD HH24:MI", TimeDisplay.sqlPattern("yyyy-MM-dd HH:mm"));
    }

    /**
     * Russian text in the code would reach readers of every language: it belongs in the bundles.
     * Only the demo data, Russian on purpose, may hold it.
     */
    @Test
    void noJavaSourceOutsideTheDemoDataHoldsRussianText() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.toString().replace('\\', '/').contains("/platform/demo/")) {
                    continue;
                }
                Matcher literal = JAVA_STRING.matcher(Files.readString(file));
                while (literal.find()) {
                    if (CYRILLIC.matcher(literal.group()).find()) {
                        found.add(file.getFileName() + ": " + literal.group());
                    }
                }
            }
        }
        assertEquals(Set.of(), found, "Russian text outside the bundles");
    }

    /**
     * What a page shows comes from {@code {{#t}}}: once the helper's texts, the template tags,
     * the HTML tags with their attributes, scripts and styles are taken out, no word is left but
     * the product's name and format names. Attributes people read (title, placeholder, alt,
     * aria-label) are checked the same way.
     */
    @Test
    void templatesShowNoWordsOutsideTheTextHelper() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("resources"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".mustache")).toList()) {
                String template = Files.readString(file);
                assertFalse(CYRILLIC.matcher(template).find(), file + " holds Russian text");
                String shown = template.replaceAll("(?s)\\{\\{#t}}.*?\\{\\{/t}}", " ")
                        .replaceAll("(?s)\\{\\{\\{?.*?}?}}", " ")
                        .replaceAll("(?is)<(script|style)\\b.*?</\\1>", " ")
                        .replaceAll("(?s)<!--.*?-->", " ");
                Matcher read = Pattern.compile("(?i)\\b(?:title|placeholder|alt|aria-label)=\"([^\"]*)\"").matcher(shown);
                StringBuilder words = new StringBuilder();
                while (read.find()) {
                    words.append(' ').append(read.group(1));
                }
                words.append(' ').append(shown.replaceAll("(?s)<[^>]*>", " ").replaceAll("&#?\\w+;", " "));
                Matcher word = Pattern.compile("[\\p{L}]{2,}").matcher(words);
                while (word.find()) {
                    if (!NAMES.contains(word.group())) {
                        found.add(MAIN.relativize(file) + ": " + word.group());
                    }
                }
            }
        }
        assertEquals(Set.of(), found, "words in templates outside {{#t}}");
    }

    private static Set<String> found(Pattern pattern, String text) {
        Set<String> keys = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            if (!matcher.group(1).endsWith(".")) { // a prefix the code completes, such as "status." + name()
                keys.add(matcher.group(1));
            }
        }
        return keys;
    }
}
