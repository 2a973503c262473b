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
        values.put("name", program.name());
        values.put("description", program.description());
        values.put("places", program.places() == null ? "" : program.places().toString());
        return new ProgramForm(values, program.active(), program.waitlist());
    }

    static ProgramForm posted(MultivaluedMap<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : new String[] {"code", "name", "description", "places"}) {
            values.put(field, posted.getFirst(field) == null ? "" : posted.getFirst(field));
        }
        // An unticked checkbox is simply absent from the post.
        return new ProgramForm(values, posted.containsKey("active"), posted.containsKey("waitlist"));
    }

    ProgramInput input() {
        return new ProgramInput(values.get("code"), values.get("name"), values.get("description"), active,
                values.get("places"), waitlist);
    }
}
