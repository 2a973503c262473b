package org.matricula.api.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A declaration moved from one status to another (for example {@code SUBMITTED} to
 * {@code ENROLLED}).
 *
 * @since 1.0.0
 */
public record StatusChanged(UUID eventId, UUID declarationId, String familyId, String number,
        String programCode, String applicantEmail, String from, String to, String comment,
        Instant occurredAt) implements DeclarationEvent {
}
