package org.matricula.api.event;

import org.pf4j.ExtensionPoint;

/**
 * Reacts to declaration events, typically to reach another system (a webhook, a learning
 * platform). Called from the platform's outbox worker, never inside the applicant's request: an
 * exception, or an error such as a {@link NoClassDefFoundError}, makes the platform retry later
 * with backoff, so the event is never lost. Because of
 * retries a call may repeat; use {@link DeclarationEvent#eventId()} as an idempotency key.
 *
 * @since 1.0.0
 */
public interface DeclarationListener extends ExtensionPoint {

    /**
     * Whether this listener wants events of the given course family. By default, of every family.
     *
     * @since 1.0.0
     */
    default boolean appliesTo(String familyId) {
        return true;
    }

    /** @since 1.0.0 */
    default void onSubmitted(DeclarationSubmitted event) throws Exception {
    }

    /** @since 1.0.0 */
    default void onStatusChanged(StatusChanged event) throws Exception {
    }
}
