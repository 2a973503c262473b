package org.matricula.platform.i18n;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Texts a person typed in several languages, such as a project's name, keyed by language tag
 * ({@code ru}, {@code en}). A reader gets their own language; where it is missing, the default
 * language, then English, then any language given, so a name typed once shows on every page.
 */
public final class Translations {

    private Translations() {
    }

    /** The value for {@code locale}, falling back as the class says; {@code otherwise} when none is given. */
    public static String pick(Map<String, String> byLanguage, Locale locale, String otherwise) {
        if (byLanguage != null) {
            for (String language : order(locale)) {
                String value = byLanguage.get(language);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            for (String value : byLanguage.values()) {
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
        }
        return otherwise;
    }

    private static List<String> order(Locale locale) {
        List<String> order = new ArrayList<>();
        if (locale != null) {
            order.add(locale.getLanguage());
        }
        order.add(Messages.RUSSIAN.getLanguage());
        order.add(Locale.ENGLISH.getLanguage());
        return order;
    }
}
