package org.matricula.platform.registration;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.matricula.api.event.DeclarationStatus;
import org.matricula.platform.i18n.Label;
import org.matricula.platform.i18n.Messages;

/** Where a declaration stands, and where it may go next. */
public enum Status {
    SUBMITTED,
    WAITLISTED,
    ACCEPTED,
    REJECTED,
    ENROLLED,
    WITHDRAWN;

    /** A status named in a request; anything else is a 422 on the {@code status} field. */
    public static Status parse(String name) {
        return parse(name, Messages.RUSSIAN);
    }

    /** As {@link #parse(String)}, with the message in the caller's language. */
    public static Status parse(String name, Locale locale) {
        for (Status status : values()) {
            if (status.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return status;
            }
        }
        throw org.matricula.platform.errors.InvalidInputException.field("status",
                Messages.text(locale, "registration.unknownStatus", name, Arrays.toString(values())));
    }

    /** The status's name for people, under {@code status.<NAME>} in the bundles. */
    public Label label() {
        return Label.of("status." + name());
    }

    /** This status as plugins see it on their events; the two enums name the same statuses. */
    public DeclarationStatus forPlugins() {
        return DeclarationStatus.valueOf(name());
    }

    public Set<Status> next() {
        return switch (this) {
            case SUBMITTED -> EnumSet.of(ACCEPTED, REJECTED, WITHDRAWN);
            case WAITLISTED -> EnumSet.of(REJECTED, WITHDRAWN);
            case ACCEPTED -> EnumSet.of(ENROLLED, REJECTED, WITHDRAWN);
            case ENROLLED -> EnumSet.of(WITHDRAWN);
            case REJECTED, WITHDRAWN -> EnumSet.noneOf(Status.class);
        };
    }

    /** Whether a declaration never leaves this status: moving it here cannot be undone. */
    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Whether the applicant may still withdraw it themselves. */
    public boolean withdrawable() {
        return next().contains(WITHDRAWN);
    }

    /**
     * Whether a declaration here may have just been submitted (it starts in one of these), so the
     * confirmation of a submission may be shown beside it.
     */
    public boolean asSubmitted() {
        return this == SUBMITTED || this == WAITLISTED;
    }

    /** Whether moving here gives the place back to the program. */
    public boolean releasesPlace() {
        return this == REJECTED || this == WITHDRAWN;
    }
}
