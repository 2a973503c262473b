package org.matricula.platform.registration;

import java.util.Locale;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.i18n.TimeDisplay;

/** The mails an applicant gets about their declaration, in their language. */
final class DeclarationMails {

    private final String baseUrl;

    DeclarationMails(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    MailMessage submitted(Declaration declaration, Locale locale) {
        String office = baseUrl + "/office/declarations/" + declaration.id();
        String waiting = declaration.status() == Status.WAITLISTED ? Messages.text(locale, "registration.mail.waitlisted") : "";
        return new MailMessage(declaration.email(),
                Messages.text(locale, "registration.mail.submitted.subject", declaration.number()),
                Messages.text(locale, "registration.mail.submitted", declaration.fullName(), declaration.number(),
                        declaration.programName(locale), TimeDisplay.dateTime(locale, declaration.submittedAt()), waiting,
                        office));
    }

    MailMessage statusChanged(Declaration declaration, Status to, String comment, Locale locale) {
        String note = comment == null || comment.isBlank() ? "" : "\n\n" + comment;
        String status = to.label().in(locale);
        return new MailMessage(declaration.email(),
                Messages.text(locale, "registration.mail.statusChanged.subject", declaration.number(), status),
                Messages.text(locale, "registration.mail.statusChanged", declaration.number(),
                        declaration.programName(locale), status, note, baseUrl + "/office/declarations/" + declaration.id()));
    }
}
