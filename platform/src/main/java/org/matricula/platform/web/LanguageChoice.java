package org.matricula.platform.web;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.matricula.platform.i18n.Messages;

/**
 * One entry of the language switcher every page shows: each language offered, named in itself.
 *
 * @param first whether it opens the list, so that the separators go between entries
 */
public record LanguageChoice(String code, String label, String name, boolean first) {

    private static final List<LanguageChoice> ALL = offered();

    static List<LanguageChoice> all() {
        return ALL;
    }

    private static List<LanguageChoice> offered() {
        List<Locale> languages = Messages.languages();
        return IntStream.range(0, languages.size()).mapToObj(i -> {
            Locale language = languages.get(i);
            return new LanguageChoice(language.getLanguage(), language.getLanguage().toUpperCase(Locale.ROOT),
                    Messages.text(language, "language.name"), i == 0);
        }).toList();
    }
}
