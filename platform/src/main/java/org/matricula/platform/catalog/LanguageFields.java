package org.matricula.platform.catalog;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.matricula.platform.i18n.Messages;

/**
 * The inputs of a text an admin types per language, such as a name: one per offered language,
 * named {@code <field>.<language>} ({@code names.en}) as the JSON API names its entries, so a
 * message about an entry lands beside its input.
 */
final class LanguageFields {

    private LanguageFields() {
    }

    /** The inputs of {@code field} for a page: input name, id, language, typed value and message. */
    static List<Map<String, Object>> of(String field, Map<String, String> values, Map<String, String> errors) {
        return Messages.languages().stream().map(language -> {
            String name = inputName(field, language);
            Map<String, Object> input = new HashMap<>();
            input.put("name", name);
            input.put("id", field + "-" + language.getLanguage());
            input.put("tag", language.getLanguage());
            input.put("language", Messages.text(language, "language.name"));
            input.put("value", values.getOrDefault(name, ""));
            input.put("invalid", errors.containsKey(name));
            input.put("error", errors.getOrDefault(name, ""));
            return input;
        }).toList();
    }

    /** Copies the posted inputs of {@code field} into a form's values. */
    static void read(MultivaluedMap<String, String> posted, String field, Map<String, String> values) {
        for (Locale language : Messages.languages()) {
            String name = inputName(field, language);
            if (posted.containsKey(name)) {
                values.put(name, posted.getFirst(name) == null ? "" : posted.getFirst(name));
            }
        }
    }

    /** Puts stored texts per language into a form's values. */
    static void show(Map<String, String> texts, String field, Map<String, String> values) {
        texts.forEach((language, text) -> values.put(field + "." + language, text));
    }

    /** The texts per language among a form's values; null when the form has none of the inputs. */
    static Map<String, String> texts(Map<String, String> values, String field) {
        Map<String, String> texts = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name.startsWith(field + ".")) {
                texts.put(name.substring(field.length() + 1), value);
            }
        });
        return texts.isEmpty() ? null : texts;
    }

    private static String inputName(String field, Locale language) {
        return field + "." + language.getLanguage();
    }
}
