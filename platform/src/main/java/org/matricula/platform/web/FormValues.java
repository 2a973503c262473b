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

    public static Map<String, String> errorsByField(List<Problem.FieldProblem> problems) {
        Map<String, String> errors = new LinkedHashMap<>();
        problems.forEach(problem -> errors.putIfAbsent(problem.field(), problem.message()));
        return errors;
    }
}
