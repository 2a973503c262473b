package org.matricula.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What an applicant sent for one declaration, after the platform dropped fields the form hides.
 *
 * @param familyId    the id of the course family whose form was filled
 * @param programCode the code of the chosen program (course)
 * @param values      field name to the typed value; a multi-select holds its options joined by commas
 * @param locale      the language the applicant used, for messages
 * @since 1.0.0
 */
public record Submission(String familyId, String programCode, Map<String, String> values, Locale locale) {

    public Submission {
        Objects.requireNonNull(familyId, "familyId");
        values = Map.copyOf(values);
        locale = locale == null ? Locale.forLanguageTag("ru") : locale;
    }

    /**
     * The trimmed value of a field, or an empty string when the field is absent.
     *
     * @since 1.0.0
     */
    public String value(String field) {
        String value = values.get(field);
        return value == null ? "" : value.trim();
    }

    /**
     * The options chosen in a multi-select field.
     *
     * @since 1.0.0
     */
    public List<String> choices(String field) {
        String value = value(field);
        return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
    }
}
