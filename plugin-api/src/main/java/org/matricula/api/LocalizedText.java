package org.matricula.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A short text in one or more languages. Russian and English are the languages of the Matricula
 * UI; a plugin may add any other (from its message bundles, see {@link PluginMessages}).
 *
 * <p>Asked for a language it lacks, a text answers in Russian, else English, else the first
 * language it was given: an applicant always sees some text, never an empty label.
 *
 * @param texts the text by language tag (for example {@code ru}, {@code en}, {@code kk},
 *              {@code pt-BR}), in the order given; at least one
 * @since 1.0.0
 */
public record LocalizedText(Map<String, String> texts) {

    private static final String RUSSIAN = "ru";
    private static final String ENGLISH = "en";

    /**
     * Takes the texts by language tag; tags are normalized ({@code pt_br} and {@code pt-br} become
     * {@code pt-BR}).
     *
     * @throws IllegalArgumentException when there is no text, a tag names no language, or two keys
     *                                  name the same language
     * @since 1.1.0
     */
    public LocalizedText {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("A localized text needs a text in at least one language");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        texts.forEach((language, text) -> {
            String tag = languageTag(language);
            Objects.requireNonNull(text, () -> "text in " + tag);
            if (normalized.put(tag, text) != null) {
                throw new IllegalArgumentException("Two texts in language '" + tag + "'");
            }
        });
        texts = Collections.unmodifiableMap(normalized);
    }

    /**
     * A text in Russian and English.
     *
     * @since 1.0.0
     */
    public LocalizedText(String ru, String en) {
        this(russianAndEnglish(ru, en));
    }

    /** @since 1.0.0 */
    public static LocalizedText of(String ru, String en) {
        return new LocalizedText(ru, en);
    }

    /**
     * A text in any set of languages, keyed by language tag, for example
     * {@code Map.of("ru", "Расписание", "en", "Schedule", "kk", "Кесте")}.
     *
     * @since 1.1.0
     */
    public static LocalizedText of(Map<String, String> textsByLanguage) {
        return new LocalizedText(textsByLanguage);
    }

    /**
     * The text by normalized language tag, in the order given.
     *
     * @since 1.1.0
     */
    @Override
    public Map<String, String> texts() {
        return texts;
    }

    /**
     * The Russian text, or the fallback when there is none.
     *
     * @since 1.0.0
     */
    public String ru() {
        return inLanguage(RUSSIAN);
    }

    /**
     * The English text, or the fallback when there is none.
     *
     * @since 1.0.0
     */
    public String en() {
        return inLanguage(ENGLISH);
    }

    /**
     * The text for a locale: its language and region when given exactly (say {@code pt-BR}), else
     * its language, else the fallback (Russian, English, the first language).
     *
     * @since 1.0.0
     */
    public String in(Locale locale) {
        if (locale != null) {
            String exact = texts.get(locale.toLanguageTag());
            String language = exact != null ? exact : texts.get(locale.getLanguage());
            if (language != null) {
                return language;
            }
        }
        String russian = texts.get(RUSSIAN);
        if (russian != null) {
            return russian;
        }
        String english = texts.get(ENGLISH);
        return english != null ? english : texts.values().iterator().next();
    }

    /**
     * The text for a language tag ({@code kk}, {@code pt-BR}), as {@link #in(Locale)} reads it.
     *
     * @since 1.1.0
     */
    public String inLanguage(String languageTag) {
        return in(languageTag == null ? null : Locale.forLanguageTag(languageTag.strip().replace('_', '-')));
    }

    /**
     * This text with one more language, or with another text for a language it has; for example
     * a shared block's label with the plugin's own translation added.
     *
     * @since 1.1.0
     */
    public LocalizedText with(String languageTag, String text) {
        Map<String, String> more = new LinkedHashMap<>(texts);
        more.put(languageTag(languageTag), text);
        return new LocalizedText(more);
    }

    private static Map<String, String> russianAndEnglish(String ru, String en) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(RUSSIAN, Objects.requireNonNull(ru, "ru"));
        texts.put(ENGLISH, Objects.requireNonNull(en, "en"));
        return texts;
    }

    /** The normalized BCP 47 tag of a language key; underscores as in Java bundle names are taken too. */
    static String languageTag(String language) {
        Objects.requireNonNull(language, "language");
        Locale locale = Locale.forLanguageTag(language.strip().replace('_', '-'));
        if (locale.getLanguage().isEmpty()) {
            throw new IllegalArgumentException("'" + language + "' is not a language tag (such as ru, en, kk, pt-BR)");
        }
        return locale.toLanguageTag();
    }
}
