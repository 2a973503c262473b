package org.matricula.platform.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matricula.api.CourseFamily;
import org.matricula.api.form.Field;
import org.matricula.api.form.Section;
import org.matricula.platform.families.Families;

/**
 * A declaration's stored values laid out by its family's form sections, with labels and option
 * names in one language; values of fields the form no longer has are shown under their own name.
 */
public final class DeclarationRecord {

    private final Families families;

    public DeclarationRecord(Families families) {
        this.families = families;
    }

    public record Entry(String label, String value) {
    }

    public record Part(String title, List<Entry> entries) {
    }

    public List<Part> sections(Declaration declaration, Locale locale) {
        Map<String, String> values = new java.util.LinkedHashMap<>(declaration.values());
        List<Part> parts = new ArrayList<>();
        Optional<CourseFamily> family = families.find(declaration.familyId());
        for (Section section : family.map(f -> f.form().sections()).orElse(List.of())) {
            List<Entry> entries = new ArrayList<>();
            for (Field field : section.fields()) {
                String value = values.remove(field.name());
                if (value != null) {
                    entries.add(new Entry(field.label().in(locale), FieldValues.shown(field, value, locale)));
                }
            }
            if (!entries.isEmpty()) {
                parts.add(new Part(section.title().in(locale), entries));
            }
        }
        if (!values.isEmpty()) {
            parts.add(new Part("—", values.entrySet().stream()
                    .map(e -> new Entry(e.getKey(), e.getValue())).toList()));
        }
        return parts;
    }
}
