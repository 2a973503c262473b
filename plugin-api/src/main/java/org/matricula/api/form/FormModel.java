package org.matricula.api.form;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.matricula.api.LocalizedText;

/**
 * A declaration form: sections of fields. The platform renders it, validates submissions against
 * its declarative rules, prefills it from the applicant profile and stores its values grouped by
 * {@link RecordPart}.
 *
 * @since 1.0.0
 */
public final class FormModel {

    private final List<Section> sections;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Section> sectionOf = new LinkedHashMap<>();

    private FormModel(List<Section> sections) {
        this.sections = List.copyOf(sections);
        for (Section section : sections) {
            for (Field field : section.fields()) {
                if (fields.put(field.name(), field) != null) {
                    throw new IllegalArgumentException("Field '" + field.name() + "' appears twice in the form");
                }
                sectionOf.put(field.name(), section);
            }
        }
    }

    /**
     * @throws IllegalArgumentException when two sections share a field name
     * @since 1.0.0
     */
    public static FormModel of(Section... sections) {
        return new FormModel(List.of(sections));
    }

    /** @since 1.0.0 */
    public List<Section> sections() {
        return sections;
    }

    /** Every field, in form order. @since 1.0.0 */
    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    /** @since 1.0.0 */
    public Optional<Field> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Whether a field (and its section) is shown for these values. @since 1.0.0 */
    public boolean isVisible(Field field, Map<String, String> values) {
        Section section = sectionOf.get(field.name());
        return (section == null || section.visibleWhen() == null || section.visibleWhen().test(values))
                && (field.visibleWhen() == null || field.visibleWhen().test(values));
    }

    /**
     * The values worth storing: known, visible fields only, trimmed, blanks dropped.
     *
     * @since 1.0.0
     */
    public Map<String, String> visibleValues(Map<String, String> values) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (Field field : fields.values()) {
            String value = values.get(field.name());
            if (value != null && !value.isBlank() && isVisible(field, values)) {
                kept.put(field.name(), value.trim());
            }
        }
        return kept;
    }

    /**
     * Checks the declarative rules of every visible field: required, type, length, pattern,
     * range and the field's validators. Hidden fields are not checked.
     *
     * @since 1.0.0
     */
    public ValidationResult validate(Map<String, String> values) {
        List<FieldError> errors = new ArrayList<>();
        for (Field field : fields.values()) {
            if (!isVisible(field, values)) {
                continue;
            }
            String raw = values.get(field.name());
            String value = raw == null ? "" : raw.trim();
            if (value.isEmpty() || field.type() == FieldType.CHECKBOX && !Condition.checked(field.name()).test(values)) {
                if (isRequired(field, values)) {
                    errors.add(new FieldError(field.name(), LocalizedText.of(
                            "Заполните поле «" + field.label().ru() + "»",
                            "Fill in \"" + field.label().en() + "\"")));
                }
                continue;
            }
            FieldRules.check(field, value).ifPresent(message -> errors.add(new FieldError(field.name(), message)));
        }
        return ValidationResult.of(errors);
    }

    private static boolean isRequired(Field field, Map<String, String> values) {
        return field.isRequired() || (field.requiredWhen() != null && field.requiredWhen().test(values));
    }

    /**
     * Prefill values: each field marked {@code fromProfile} takes the profile value of its name.
     *
     * @since 1.0.0
     */
    public Map<String, String> prefill(Map<String, String> profile) {
        Map<String, String> prefill = new LinkedHashMap<>();
        for (Field field : fields.values()) {
            String value = profile.get(field.name());
            if (field.isFromProfile() && value != null) {
                prefill.put(field.name(), value);
            }
        }
        return prefill;
    }

    /**
     * The visible values grouped by record part name ({@code PERSONAL}, {@code DEAN_OFFICE},
     * {@code FAMILY}): the structured record the platform stores.
     *
     * @since 1.0.0
     */
    public Map<String, Map<String, String>> byPart(Map<String, String> values) {
        Map<String, Map<String, String>> parts = new LinkedHashMap<>();
        visibleValues(values).forEach((name, value) -> parts
                .computeIfAbsent(sectionOf.get(name).part().name(), part -> new LinkedHashMap<>())
                .put(name, value));
        return parts;
    }

    /** Names of the fields marked {@code fromProfile}. @since 1.0.0 */
    public Set<String> profileFields() {
        Set<String> names = new HashSet<>();
        fields.values().stream().filter(Field::isFromProfile).forEach(field -> names.add(field.name()));
        return names;
    }
}
