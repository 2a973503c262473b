package org.matricula.platform.catalog;

import java.util.Map;

/**
 * A project as an admin submits it, before checks. {@code names} and {@code descriptions} are
 * keyed by language tag; {@code name} and {@code description}, the fields of the first release,
 * give the default language's.
 */
public record ProjectInput(String slug, String name, String description, String familyId, Boolean active,
        String digestRecipients, String openUntil, Map<String, String> names, Map<String, String> descriptions) {

    /** A project named in the default language only. */
    public ProjectInput(String slug, String name, String description, String familyId, Boolean active,
            String digestRecipients, String openUntil) {
        this(slug, name, description, familyId, active, digestRecipients, openUntil, null, null);
    }
}
