package org.matricula.platform.catalog;

/** A project as an admin submits it, before checks. */
public record ProjectInput(String slug, String name, String description, String familyId, Boolean active,
        String digestRecipients, String openUntil) {
}
