package org.matricula.platform.registration;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A stored declaration with what the lists and pages show of it. */
public record Declaration(UUID id, String number, UUID accountId, long projectId, String projectName,
        String projectSlug, long programId, String programCode, String programName, String familyId,
        Status status, boolean holdsPlace, Map<String, String> values, String fullName, String email,
        String category, String organization, Locale locale, Instant submittedAt, Instant updatedAt) {
}
