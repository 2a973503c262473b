package org.matricula.platform.catalog;

import java.util.Map;

/** A program as an admin submits it, before checks; names and descriptions per language as in {@link ProjectInput}. */
public record ProgramInput(String code, String name, String description, Boolean active, String places,
        Boolean waitlist, Map<String, String> names, Map<String, String> descriptions) {

    /** A program named in the default language only. */
    public ProgramInput(String code, String name, String description, Boolean active, String places,
            Boolean waitlist) {
        this(code, name, description, active, places, waitlist, null, null);
    }
}
