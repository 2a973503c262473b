package org.matricula.platform.crm.deals;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.KeptWithCatalog;
import org.matricula.platform.registration.SubmissionTerms;

/**
 * What the declaration form asks for on the deals' behalf: the public offer accepted for a program
 * that requires it before enrolment ({@code deal_program_settings.requires_offer}), and an
 * organization's enrolment code, which takes a seat of its won deal in the submission's
 * transaction. Both sets of programs are kept in memory, so that showing the form or submitting it
 * costs no query more: changes of the settings (V70) and of deals with a code (V97) are announced
 * on the catalog's channel, and while that channel is not listened to they are read each time.
 */
public final class FormTerms implements SubmissionTerms {

    private final Jdbi jdbi;
    private final KeptWithCatalog<Programs> programs;

    public FormTerms(Jdbi jdbi, Catalog catalog) {
        this.jdbi = jdbi;
        this.programs = new KeptWithCatalog<>(catalog, this::read);
    }

    /** The programs that require the offer, and those a won deal's enrolment code has seats left in. */
    private record Programs(Set<Long> requiringOffer, Set<Long> takingCodes) {
    }

    private Programs read() {
        return jdbi.withHandle(handle -> new Programs(
                Set.copyOf(handle.createQuery("SELECT program_id FROM deal_program_settings WHERE requires_offer")
                        .mapTo(Long.class).list()),
                Set.copyOf(handle.createQuery("""
                        SELECT DISTINCT program_id FROM deals
                        WHERE kind = 'B2B' AND stage = 'WON' AND enrolment_code IS NOT NULL AND seats_used < seats""")
                        .mapTo(Long.class).list())));
    }

    @Override
    public boolean requiresOffer(long program) {
        return programs.get().requiringOffer().contains(program);
    }

    @Override
    public Set<Long> takingCodes(Collection<Long> offered) {
        Set<Long> taking = programs.get().takingCodes();
        return offered.stream().filter(taking::contains).collect(Collectors.toSet());
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
