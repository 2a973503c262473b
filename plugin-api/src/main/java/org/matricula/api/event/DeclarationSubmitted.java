package org.matricula.api.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A declaration was stored.
 *
 * @param number         the human-readable declaration number
 * @param projectSlug    the project (course family instance) it was sent to
 * @param programCode    the chosen program's code
 * @param programTitle   the chosen program's title
 * @param applicantEmail where the applicant can be reached
 * @param values         the submitted form values by field name
 * @since 1.0.0
 */
public record DeclarationSubmitted(UUID eventId, UUID declarationId, String familyId, String number,
        String projectSlug, String programCode, String programTitle, String applicantEmail,
        Map<String, String> values, Instant occurredAt) implements DeclarationEvent {

    public DeclarationSubmitted {
        values = Map.copyOf(values);
    }
}
