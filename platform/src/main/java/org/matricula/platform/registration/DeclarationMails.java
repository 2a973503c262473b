package org.matricula.platform.registration;

import java.util.Locale;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * The mails an applicant gets about their declaration, in their language. They go to the address
 * of the account that owns the declaration, confirmed at sign-up, not to the one typed into the
 * form: that one is the declaration's data, and mailing it would let anyone who signs up have the
 * platform mail any address they name. Staff (an account an admin gave a role) are trusted with
 * that: a declaration they fill in for someone, a paper form or a visitor at the desk, is mailed to
 * the address typed into it, so that the person hears of it.
 */
final class DeclarationMails {

    /**
     * The address the mails about declaration {@code d} go to, as an SQL expression over its row:
     * its applicant account's, the typed one when staff filled it in, or null once the account is
     * erased or the declaration anonymized. Who filled it in is the account's role as it was at
     * submission: a role given or taken later moves nobody's mails.
     */
    static final String RECIPIENT = "(SELECT CASE WHEN d.filled_in_by_staff AND d.email <> '' THEN d.email"
            + " ELSE a.email END FROM accounts a WHERE a.id = d.account_id"
            + " AND a.erased_at IS NULL AND d.anonymized_at IS NULL)";

    private final String baseUrl;

    DeclarationMails(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    MailMessage submitted(Declaration declaration, String to, Locale locale) {
        String office = baseUrl + "/office/declarations/" + declaration.id();
        String waiting = declaration.status() == Status.WAITLISTED ? Messages.text(locale, "registration.mail.waitlisted") : "";
        return new MailMessage(to,
                Messages.text(locale, "registration.mail.submitted.subject", declaration.number()),
                Messages.text(locale, "registration.mail.submitted", declaration.fullName(), declaration.number(),
                        declaration.programName(locale), TimeDisplay.dateTime(locale, declaration.submittedAt()), waiting,
                        office));
    }

    MailMessage statusChanged(Declaration declaration, String recipient, Status to, String comment, Locale locale) {
        String note = comment == null || comment.isBlank() ? "" : "\n\n" + comment;
        String status = to.label().in(locale);
        return new MailMessage(recipient,
                Messages.text(locale, "registration.mail.statusChanged.subject", declaration.number(), status),
                Messages.text(locale, "registration.mail.statusChanged", declaration.number(),
                        declaration.programName(locale), status, note, baseUrl + "/office/declarations/" + declaration.id()));
    }
}
