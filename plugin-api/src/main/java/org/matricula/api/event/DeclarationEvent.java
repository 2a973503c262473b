package org.matricula.api.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a declaration. Each event has an id that stays the same across
 * retries, to use as an idempotency key with other systems.
 *
 * @since 1.0.0
 */
public sealed interface DeclarationEvent permits DeclarationSubmitted, StatusChanged {

    /** @since 1.0.0 */
    UUID eventId();

    /** @since 1.0.0 */
    UUID declarationId();

    /** @since 1.0.0 */
    String familyId();

    /** @since 1.0.0 */
    Instant occurredAt();
}
