package org.matricula.platform.crm.billing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.RepeatedWork;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues a retail applicant's invoice when their declaration is accepted, by reading the
 * declarations' history as the CRM's feed does, so that registration knows nothing of money.
 * Only declarations accepted after their program got a price are invoiced, each once (the
 * invoice's declaration is unique); the program's first instalment plan is used where it has
 * one, and the promo code the applicant typed on the form (field {@code promoCode}) if valid.
 * A declaration of a person who belongs to an organization is left to that organization's contract,
 * and one holding a seat of an organization's won deal (crm.deals) is paid by that organization.
 */
public final class AcceptedDeclarations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AcceptedDeclarations.class);
    private static final int BATCH = 100;

    private final Jdbi jdbi;
    private final Invoices invoices;
    private final boolean vat;
    private final RepeatedWork repeated = new RepeatedWork("crm-invoicing", AcceptedDeclarations.class,
            "Invoices for accepted declarations could not be issued");

    public AcceptedDeclarations(Jdbi jdbi, Invoices invoices, boolean vat) {
        this.jdbi = jdbi;
        this.invoices = invoices;
        this.vat = vat;
    }

    public void start(Duration tick) {
        repeated.start(tick, this::catchUp);
    }

    record Accepted(UUID declaration, long program, UUID person, String locale, String promo) {
    }

    /** Issues the invoices due; answers how many. */
    public int catchUp() {
        List<Accepted> due = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT d.id, d.program_id, pd.person_id, d.locale, d.values ->> 'promoCode' AS promo
                FROM declarations d JOIN person_declarations pd ON pd.declaration_id = d.id
                WHERE d.status IN ('ACCEPTED', 'ENROLLED')
                  AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.declaration_id = d.id)
                  AND NOT EXISTS (SELECT 1 FROM organization_members m WHERE m.person_id = pd.person_id)
                  AND NOT EXISTS (SELECT 1 FROM deal_seats s WHERE s.declaration_id = d.id)
                  AND EXISTS (SELECT 1 FROM declaration_history h JOIN billing_prices p ON p.program_id = d.program_id
                              WHERE h.declaration_id = d.id AND h.to_status = 'ACCEPTED'
                                AND h.created_at >= p.created_at)
                ORDER BY d.updated_at LIMIT :batch""").bind("batch", BATCH)
                .map((rs, ctx) -> new Accepted(rs.getObject(1, UUID.class), rs.getLong(2),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5))).list());
        int issued = 0;
        for (Accepted accepted : due) {
            if (issue(accepted)) {
                issued++;
            }
        }
        return issued;
    }

    private boolean issue(Accepted accepted) {
        Locale locale = Messages.language(accepted.locale()).orElse(Messages.RUSSIAN);
        Long plan = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT min(id) FROM billing_plans WHERE program_id = :program").bind("program", accepted.program())
                .mapTo(Long.class).findOne().orElse(null));
        try {
            return jdbi.inTransaction(handle -> {
                if (!handle.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('matricula.crm.invoicing'))")
                        .mapTo(Boolean.class).one()
                        || handle.createQuery("SELECT count(*) FROM invoices WHERE declaration_id = :id")
                                .bind("id", accepted.declaration()).mapTo(Integer.class).one() > 0) {
                    return false;
                }
                String promo = accepted.promo();
                try {
                    invoices.issue(handle, request(accepted, plan, promo), locale);
                } catch (InvalidInputException | Conflict e) {
                    if (promo == null) {
                        throw e;
                    }
                    // a promo code no longer valid (refused before anything was written): the full price
                    invoices.issue(handle, request(accepted, plan, null), locale);
                }
                return true;
            });
        } catch (RuntimeException e) {
            log.warn("No invoice for declaration {}: {}", accepted.declaration(), e.getMessage());
            return false;
        }
    }

    private Invoices.Request request(Accepted accepted, Long plan, String promo) {
        return new Invoices.Request(accepted.person(), null, accepted.program(), null, promo, plan, vat,
                accepted.declaration(), locale(accepted));
    }

    private static String locale(Accepted accepted) {
        return accepted.locale() == null ? "ru" : accepted.locale();
    }

    @Override
    public void close() {
        repeated.close();
    }
}
