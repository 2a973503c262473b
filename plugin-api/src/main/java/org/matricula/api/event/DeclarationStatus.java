package org.matricula.api.event;

/**
 * Where a declaration stands. A later 1.x may add statuses, so a {@code switch} over them keeps a
 * {@code default} branch.
 *
 * @since 1.1.0
 */
public enum DeclarationStatus {

    /** Sent, holding a place of its program (or the program counts no places), awaiting a decision. @since 1.1.0 */
    SUBMITTED,

    /** Sent while the program was full; it moves to {@link #SUBMITTED} when a place becomes free. @since 1.1.0 */
    WAITLISTED,

    /** Accepted by the office; the applicant is expected to enrol. @since 1.1.0 */
    ACCEPTED,

    /** Refused by the office. Final. @since 1.1.0 */
    REJECTED,

    /** The applicant is enrolled in the program. @since 1.1.0 */
    ENROLLED,

    /** Withdrawn by the applicant or the office. Final. @since 1.1.0 */
    WITHDRAWN
}
