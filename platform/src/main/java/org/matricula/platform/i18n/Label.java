package org.matricula.platform.i18n;

import java.util.Locale;

/**
 * A short text shown in the reader's language: a column header, a filter's name, a status. The
 * platform's own labels come from the bundles ({@link #of}); a plugin's {@code LocalizedText}
 * is one too, through {@code text::in}.
 */
@FunctionalInterface
public interface Label {

    String in(Locale locale);

    /** The label under {@code key} in the message bundles. */
    static Label of(String key) {
        return locale -> Messages.text(locale, key);
    }
}
