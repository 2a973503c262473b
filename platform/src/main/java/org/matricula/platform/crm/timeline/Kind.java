package org.matricula.platform.crm.timeline;

import java.util.Arrays;
import java.util.Optional;
import org.matricula.platform.i18n.Label;

/**
 * The kinds of timeline entries. Adding one is a constant here, its name under
 * {@code crm.kind.<CODE>} in both bundles, and the code that appends it (docs/crm.md).
 *
 * @param byHand whether managers log it themselves on the person card
 */
public enum Kind {
    /** A declaration was submitted. */
    DECLARATION(false),
    /** A declaration changed its status. */
    STATUS(false),
    /** A mail was sent to one of the person's addresses. */
    MAIL(false),
    /** A lead form or the lead API brought the person in, or back. */
    LEAD(false),
    /** The person's browser viewed a page of a website carrying the visit beacon. */
    VISIT(false),
    /** The person moved to another funnel stage. */
    STAGE(false),
    /** Two persons were merged into this one. */
    MERGE(false),
    /** A consent was given or withdrawn. */
    CONSENT(false),
    /** A task was set, or done. */
    TASK(false),
    /** The LMS told of a course completed, passed or failed (xAPI). */
    LMS(false),
    /** A manager's note. */
    NOTE(true),
    /** A call, logged by a manager. */
    CALL(true),
    /** A meeting, logged by a manager. */
    MEETING(true),
    /** An invoice was issued to the person (crm.billing). */
    INVOICE(false),
    /** A payment was received from the person, or a refund given back (crm.billing). */
    PAYMENT(false),
    /** A retail deal was opened, won or lost (crm.deals). */
    DEAL(false),
    /** A stuck-student rule raised its flag on the person (crm.stuck); scenarios listen for it. */
    STUCK(false),
    /** A stuck-student flag cleared by itself, its cause gone (crm.stuck). */
    UNSTUCK(false);

    private final boolean byHand;

    Kind(boolean byHand) {
        this.byHand = byHand;
    }

    public boolean byHand() {
        return byHand;
    }

    public Label label() {
        return Label.of("crm.kind." + name());
    }

    public static Optional<Kind> parse(String code) {
        return Arrays.stream(values()).filter(kind -> kind.name().equalsIgnoreCase(code == null ? "" : code.strip()))
                .findFirst();
    }
}
