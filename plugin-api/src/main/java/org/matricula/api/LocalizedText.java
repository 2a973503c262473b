package org.matricula.api;

import java.util.Locale;
import java.util.Objects;

/**
 * A short text in Russian and English, the two languages of the Matricula UI.
 *
 * @param ru the Russian text, shown by default
 * @param en the English text
 * @since 1.0.0
 */
public record LocalizedText(String ru, String en) {

    public LocalizedText {
        Objects.requireNonNull(ru, "ru");
        Objects.requireNonNull(en, "en");
    }

    /** @since 1.0.0 */
    public static LocalizedText of(String ru, String en) {
        return new LocalizedText(ru, en);
    }

    /**
     * The text for a locale: English for any English locale, Russian otherwise.
     *
     * @since 1.0.0
     */
    public String in(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? en : ru;
    }
}
