package org.matricula.platform.registration;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A declaration as the JSON API shows it. */
public record DeclarationJson(UUID id, String number, String project, String program, String programName,
        String family, String status, String fullName, String email, Map<String, String> values,
        Instant submittedAt, Instant updatedAt) {

    static DeclarationJson of(Declaration d) {
        return new DeclarationJson(d.id(), d.number(), d.projectSlug(), d.programCode(), d.programName(),
                d.familyId(), d.status().name(), d.fullName(), d.email(), d.values(), d.submittedAt(),
                d.updatedAt());
    }
}
