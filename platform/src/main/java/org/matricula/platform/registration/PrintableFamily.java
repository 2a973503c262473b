package org.matricula.platform.registration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.matricula.api.CourseFamily;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Field;

/**
 * What printing a declaration needs of its course family, copied out of the plugin so that it
 * outlives it: the title, the printable template's text and, per form field, its type and option
 * labels. Kept per family version in {@code declaration_templates}.
 *
 * @param title the family's title per language tag
 */
public record PrintableFamily(String familyId, String version, Map<String, String> title, String template,
        List<PrintableField> fields) {

    /** A form field as printing reads it: {@code type} is the name of its {@code FieldType}. */
    public record PrintableField(String name, String type, List<PrintableOption> options) {
    }

    /** One option of a choice field: its stored code and its label per language tag. */
    public record PrintableOption(String value, Map<String, String> label) {

        String label(java.util.Locale locale) {
            return LocalizedText.of(label).in(locale);
        }
    }

    /** Copies a live family's template and form out of its plugin. */
    public static PrintableFamily of(CourseFamily family, String version) {
        List<PrintableField> fields = family.form().fields().stream().map(PrintableFamily::field).toList();
        return new PrintableFamily(family.id(), version, family.title().texts(), template(family), fields);
    }

    public LocalizedText titleText() {
        return LocalizedText.of(title);
    }

    private static PrintableField field(Field field) {
        return new PrintableField(field.name(), field.type().name(), field.options().stream()
                .map(option -> new PrintableOption(option.value(), option.label().texts())).toList());
    }

    private static String template(CourseFamily family) {
        String name = family.declarationTemplate();
        try (InputStream resource = family.getClass().getResourceAsStream(name)) {
            if (resource == null) {
                throw new IllegalStateException("Course family '" + family.id() + "' has no declaration template '"
                        + name + "' next to " + family.getClass().getName());
            }
            return new String(resource.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read declaration template of '" + family.id() + "'", e);
        }
    }
}
