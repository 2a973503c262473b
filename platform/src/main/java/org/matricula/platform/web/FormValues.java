package org.matricula.platform.web;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matricula.platform.errors.Problem;

/** Posted HTML form data as the flat values a form model checks: a multi-select's choices joined by commas. */
public final class FormValues {

    private FormValues() {
    }

    public static Map<String, String> of(MultivaluedMap<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        if (posted != null) {
            posted.forEach((name, list) -> values.put(name, String.join(",", list)));
        }
        return values;
    }

    /**
     * The form of a page that was posted and refused, with what the person typed in it: the page
     * shows it again with those values, and every other form with its stored ones.
     */
    public record Failed(String form, Map<String, String> values) {

        /** No form failed: every form shows its stored values. */
        public static final Failed NONE = new Failed("", Map.of());

        public static Failed of(String form, MultivaluedMap<String, String> posted) {
            return new Failed(form, FormValues.of(posted));
        }

        /**
         * The values the named form shows, by field: what was posted if this form failed (blank for
         * a field not posted), else the stored ones. Only the stored map's fields are shown.
         */
        public Map<String, String> shown(String name, Map<String, String> stored) {
            if (!form.equals(name)) {
                return stored;
            }
            Map<String, String> shown = new LinkedHashMap<>();
            stored.keySet().forEach(field -> shown.put(field, values.getOrDefault(field, "")));
            return shown;
        }
    }

    public static Map<String, String> errorsByField(List<Problem.FieldProblem> problems) {
        Map<String, String> errors = new LinkedHashMap<>();
        problems.forEach(problem -> errors.putIfAbsent(problem.field(), problem.message()));
        return errors;
    }
}
