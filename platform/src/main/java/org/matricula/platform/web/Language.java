package org.matricula.platform.web;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;

/**
 * The page language: an explicit {@code lang} parameter wins, then the language chosen earlier
 * (remembered in a cookie by {@link LanguageCookie}), then the browser's preference; Russian by
 * default.
 */
public final class Language {

    public static final Locale RUSSIAN = Locale.forLanguageTag("ru");
    static final String COOKIE = "matricula_lang";

    private Language() {
    }

    public static Locale of(String lang, HttpHeaders headers) {
        Locale chosen = parse(lang);
        if (chosen != null) {
            return chosen;
        }
        Cookie remembered = headers.getCookies().get(COOKIE);
        chosen = remembered == null ? null : parse(remembered.getValue());
        if (chosen != null) {
            return chosen;
        }
        for (Locale preferred : acceptable(headers)) {
            if (preferred.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
            if (preferred.getLanguage().equals("ru")) {
                return RUSSIAN;
            }
        }
        return RUSSIAN;
    }

    /** The Accept-Language preferences; none when the header cannot be parsed, which is no reason to fail. */
    private static List<Locale> acceptable(HttpHeaders headers) {
        try {
            return headers.getAcceptableLanguages();
        } catch (RuntimeException malformed) {
            return List.of();
        }
    }

    /** Russian or English for {@code ru...} or {@code en...}; nothing for anything else. */
    static Locale parse(String lang) {
        if (lang == null) {
            return null;
        }
        if (lang.startsWith("en")) {
            return Locale.ENGLISH;
        }
        return lang.startsWith("ru") ? RUSSIAN : null;
    }

    /** Picks the Russian or the English text for a locale. */
    public static String pick(Locale locale, String ru, String en) {
        return locale.getLanguage().equals("en") ? en : ru;
    }
}
