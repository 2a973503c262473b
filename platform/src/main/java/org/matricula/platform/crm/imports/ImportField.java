package org.matricula.platform.crm.imports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.matricula.platform.i18n.Messages;

/**
 * The person fields a column of an imported file can be mapped to. Email, phone and tags may be
 * given by several columns. A column's field is guessed from its header: the field's names and
 * the words listed under {@code crm.import.guess.<code>} in every language's bundle.
 */
public enum ImportField {
    LAST_NAME("lastName"), FIRST_NAME("firstName"), MIDDLE_NAME("middleName"), FULL_NAME("fullName"),
    EMAIL("email"), PHONE("phone"), BIRTH_DATE("birthDate"), TAGS("tags"), ORGANIZATION("organization"),
    ROLE("role"), CONSENT("consent"), MARKETING("marketing"), CONSENT_DATE("consentDate");

    private final String code;

    ImportField(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String label(Locale locale) {
        return Messages.text(locale, "crm.import.field." + code);
    }

    public static Optional<ImportField> of(String code) {
        return Arrays.stream(values()).filter(field -> field.code.equals(code)).findFirst();
    }

    /** The field a header names, if any: its words compared with each field's, the longest match winning. */
    public static Optional<ImportField> guess(String header) {
        String given = normalize(header);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        ImportField best = null;
        int bestLength = 0;
        for (ImportField field : values()) {
            for (String word : field.words()) {
                if (!word.isEmpty() && (given.equals(word) || given.contains(word)) && word.length() > bestLength) {
                    best = field;
                    bestLength = word.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private List<String> words() {
        List<String> words = new ArrayList<>();
        words.add(normalize(code));
        for (Locale locale : Messages.languages()) {
            words.add(normalize(label(locale)));
            for (String word : Messages.text(locale, "crm.import.guess." + code).split(",")) {
                words.add(normalize(word));
            }
        }
        return words;
    }

    private static String normalize(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('\u0451', '\u0435')
                .replaceAll("[\\s_\\-.]+", "");
    }
}
