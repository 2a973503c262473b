package org.matricula.platform.registration;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A declaration as the JSON API shows it; {@code programName} is in the reader's language, else the default one. */
public record DeclarationJson(UUID id, String number, String project, String program, String programName,
        String family, String status, String fullName, String email, Map<String, String> values,
        Instant submittedAt, Instant updatedAt) {

    static DeclarationJson of(Declaration d, Locale reader) {
        return new DeclarationJson(d.id(), d.number(), d.projectSlug(), d.programCode(), d.programName(reader),
                d.familyId(), d.status().name(), d.fullName(), d.email(), d.values(), d.submittedAt(),
                d.updatedAt());
    }
}
