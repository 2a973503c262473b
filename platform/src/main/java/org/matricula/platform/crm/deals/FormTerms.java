package org.matricula.platform.crm.deals;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.registration.SubmissionTerms;

/**
 * What the declaration form asks for on the deals' behalf: the public offer accepted for a program
 * that requires it before enrolment ({@code deal_program_settings.requires_offer}), and an
 * organization's enrolment code, which takes a seat of its won deal in the submission's
 * transaction. Which programs require the offer is kept in memory, so that a submission to any
 * other program costs no query more: the settings' changes are announced on the catalog's channel
 * (a trigger of V70), and while that channel is not listened to the set is read each time.
 */
public final class FormTerms implements SubmissionTerms {

    private final Jdbi jdbi;
    private final Catalog catalog;
    private volatile Set<Long> requiringOffer;
    private long changes;

    public FormTerms(Jdbi jdbi, Catalog catalog) {
        this.jdbi = jdbi;
        this.catalog = catalog;
        catalog.whenChanged(this::drop);
    }

    private synchronized void drop() {
        changes++;
        requiringOffer = null;
    }

    private Set<Long> requiringOffer() {
        Set<Long> kept = requiringOffer;
        if (kept != null) {
            return kept;
        }
        long seen;
        synchronized (this) {
            seen = changes;
        }
        Set<Long> read = Set.copyOf(jdbi.withHandle(handle -> handle.createQuery(
                "SELECT program_id FROM deal_program_settings WHERE requires_offer").mapTo(Long.class).list()));
        synchronized (this) {
            if (seen == changes && catalog.keptInMemory()) {
                requiringOffer = read;
            }
        }
        return read;
    }

    @Override
    public boolean requiresOffer(long program) {
        return requiringOffer().contains(program);
    }

    @Override
    public Set<Long> takingCodes(Collection<Long> programs) {
        if (programs.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbi.withHandle(handle -> handle.createQuery("""
                SELECT DISTINCT program_id FROM deals
                WHERE kind = 'B2B' AND stage = 'WON' AND enrolment_code IS NOT NULL AND seats_used < seats
                  AND program_id = ANY(:programs)""")
                .bindArray("programs", Long.class, programs.toArray()).mapTo(Long.class).list()));
    }

    @Override
    public String offerLink(long program, Locale locale) {
        return "/office/contract/offer/" + program + "?lang=" + locale.getLanguage();
    }

    @Override
    public void store(Handle handle, UUID account, UUID declaration, long program, boolean offerAccepted,
            String code, Locale locale) {
        if (offerAccepted) {
            Contracts.acceptOnSubmit(handle, account, declaration, locale);
        }
        if (!code.isEmpty()) {
            Deals.claim(handle, account, declaration, code.toUpperCase(Locale.ROOT),
                    org.matricula.platform.registration.Declarations.ENROLMENT_CODE, locale);
        }
    }
}
