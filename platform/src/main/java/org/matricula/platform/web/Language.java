package org.matricula.platform.web;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/** The page language: an explicit {@code lang} parameter wins, then the browser's preference; Russian by default. */
public final class Language {

    public static final Locale RUSSIAN = Locale.forLanguageTag("ru");

    private Language() {
    }

    public static Locale of(String lang, HttpHeaders headers) {
        if (lang != null && !lang.isBlank()) {
            return lang.startsWith("en") ? Locale.ENGLISH : RUSSIAN;
        }
        for (Locale preferred : headers.getAcceptableLanguages()) {
            if (preferred.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
            if (preferred.getLanguage().equals("ru")) {
                return RUSSIAN;
            }
        }
        return RUSSIAN;
    }

    /** Picks the Russian or the English text for a locale. */
    public static String pick(Locale locale, String ru, String en) {
        return locale.getLanguage().equals("en") ? en : ru;
    }
}
