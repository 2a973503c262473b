package org.matricula.platform.catalog;

import java.time.LocalDate;

/**
 * A project: what applicants apply to, using one course family's form. Its own fields: who gets
 * the digest of new declarations, and the last day declarations are accepted.
 */
public record Project(long id, String slug, String name, String description, String familyId, boolean active,
        String digestRecipients, LocalDate openUntil) {

    /** Whether new declarations are accepted on this day. */
    public boolean acceptsOn(LocalDate day) {
        return active && (openUntil == null || !day.isAfter(openUntil));
    }
}
