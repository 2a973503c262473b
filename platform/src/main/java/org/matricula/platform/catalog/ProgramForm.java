package org.matricula.platform.catalog;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The program edit form as typed: what a posted form becomes for {@link Catalog}, and what a
 * stored program or a rejected post shows again in the form's fields.
 */
record ProgramForm(Map<String, String> values, boolean active, boolean waitlist) {

    /** A new program starts active, without a waitlist. */
    static ProgramForm empty() {
        return new ProgramForm(Map.of(), true, false);
    }

    static ProgramForm of(Program program) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("code", program.code());
        LanguageFields.show(program.names(), "names", values);
        LanguageFields.show(program.descriptions(), "descriptions", values);
        values.put("places", program.places() == null ? "" : program.places().toString());
        return new ProgramForm(values, program.active(), program.waitlist());
    }

    static ProgramForm posted(MultivaluedMap<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : new String[] {"code", "places"}) {
            values.put(field, posted.getFirst(field) == null ? "" : posted.getFirst(field));
        }
        ProjectForm.readTexts(posted, values);
        // An unticked checkbox is simply absent from the post.
        return new ProgramForm(values, posted.containsKey("active"), posted.containsKey("waitlist"));
    }

    ProgramInput input() {
        // The form gives names and descriptions per language only (see ProjectForm.readTexts).
        return new ProgramInput(values.get("code"), null, null, active,
                values.get("places"), waitlist, LanguageFields.texts(values, "names"),
                LanguageFields.texts(values, "descriptions"));
    }
}
