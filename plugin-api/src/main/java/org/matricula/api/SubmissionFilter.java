package org.matricula.api;

import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Inspects a valid declaration before it is stored and may refuse it, for example by an
 * eligibility rule. Filters run inside the applicant's request; keep them fast.
 *
 * @since 1.0.0
 */
public interface SubmissionFilter extends ExtensionPoint {

    /**
     * Whether this filter looks at declarations of the given course family. By default, all.
     *
     * @since 1.0.0
     */
    default boolean appliesTo(String familyId) {
        return true;
    }

    /**
     * @return a refusal message shown to the applicant, or empty to let the declaration through
     * @since 1.0.0
     */
    Optional<LocalizedText> refuse(Submission submission);
}
