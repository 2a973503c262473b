package org.matricula.api.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A declaration moved from one status to another (for example {@code SUBMITTED} to
 * {@code ACCEPTED}).
 *
 * @param from the status before, as the name of a {@link DeclarationStatus}; read {@link #fromStatus()}
 * @param to   the status now, as the name of a {@link DeclarationStatus}; read {@link #toStatus()}
 * @since 1.0.0
 */
public record StatusChanged(UUID eventId, UUID declarationId, String familyId, String number,
        String programCode, String applicantEmail, String from, String to, String comment,
        Instant occurredAt) implements DeclarationEvent {

    /**
     * The event with its statuses typed; the names {@link #from()} and {@link #to()} follow from them.
     *
     * @since 1.1.0
     */
    public StatusChanged(UUID eventId, UUID declarationId, String familyId, String number, String programCode,
            String applicantEmail, DeclarationStatus from, DeclarationStatus to, String comment, Instant occurredAt) {
        this(eventId, declarationId, familyId, number, programCode, applicantEmail, from.name(), to.name(), comment,
                occurredAt);
    }

    /**
     * The status before, by name.
     *
     * @deprecated since 1.1.0: use {@link #fromStatus()}, which a {@code switch} can check.
     * @since 1.0.0
     */
    @Deprecated(since = "1.1.0")
    @Override
    public String from() {
        return from;
    }

    /**
     * The status now, by name.
     *
     * @deprecated since 1.1.0: use {@link #toStatus()}, which a {@code switch} can check.
     * @since 1.0.0
     */
    @Deprecated(since = "1.1.0")
    @Override
    public String to() {
        return to;
    }

    /**
     * The status before.
     *
     * @since 1.1.0
     */
    public DeclarationStatus fromStatus() {
        return DeclarationStatus.valueOf(from);
    }

    /**
     * The status now.
     *
     * @since 1.1.0
     */
    public DeclarationStatus toStatus() {
        return DeclarationStatus.valueOf(to);
    }
}
