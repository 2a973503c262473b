package org.matricula.platform.registration;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What an applicant may agree to or claim on the declaration form itself, beyond the family's
 * fields: the public offer a program requires to be accepted, and an organization's enrolment
 * code. Given to {@link Declarations} by the composition root, so that registration knows nothing
 * of the feature that decides it (the deals).
 */
public interface SubmissionTerms {

    /** Nothing to agree to, no code taken. */
    SubmissionTerms NONE = new SubmissionTerms() {
        @Override
        public boolean requiresOffer(long program) {
            return false;
        }

        @Override
        public Set<Long> takingCodes(Collection<Long> programs) {
            return Set.of();
        }

        @Override
        public String offerLink(long program, Locale locale) {
            return "";
        }

        @Override
        public void store(Handle handle, UUID account, UUID declaration, long program, boolean offerAccepted,
                String code, Locale locale) {
            if (!code.isEmpty()) {
                throw new IllegalStateException("No enrolment codes are taken");
            }
        }
    };

    /** Whether applying to this program requires the public offer accepted; answered from memory, it costs no query. */
    boolean requiresOffer(long program);

    /** Which of these programs take an organization's enrolment code now. */
    Set<Long> takingCodes(Collection<Long> programs);

    /** Where the program's public offer can be read before applying. */
    String offerLink(long program, Locale locale);

    /**
     * In the submission's transaction, once the declaration is stored: keeps the offer's acceptance
     * (when accepted) and takes a seat with the code (when one is given).
     *
     * @throws org.matricula.platform.errors.InvalidInputException on {@code enrolmentCode} for a
     *     code that is unknown, of another program or used up; the whole submission is then undone
     */
    void store(Handle handle, UUID account, UUID declaration, long program, boolean offerAccepted, String code,
            Locale locale);
}
