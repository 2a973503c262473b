package org.matricula.platform.registration;

import java.util.Locale;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.web.Language;

/** The mails an applicant gets about their declaration, in their language. */
final class DeclarationMails {

    private final String baseUrl;

    DeclarationMails(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    MailMessage submitted(Declaration declaration, Locale locale) {
        String office = baseUrl + "/office/declarations/" + declaration.id();
        String waiting = declaration.status() == Status.WAITLISTED
                ? Language.pick(locale, "\nМест пока нет: заявление в листе ожидания, мы напишем, когда место освободится.",
                        "\nNo places are free yet: your declaration is on the waitlist; we will write when one frees up.")
                : "";
        return new MailMessage(declaration.email(),
                Language.pick(locale, "Заявление " + declaration.number() + " принято к рассмотрению",
                        "Declaration " + declaration.number() + " received"),
                Language.pick(locale,
                        "Здравствуйте, " + declaration.fullName() + "!\n\nВаше заявление № " + declaration.number()
                                + " на программу «" + declaration.programName() + "» получено.",
                        "Hello " + declaration.fullName() + ",\n\nyour declaration no. " + declaration.number()
                                + " for the programme \"" + declaration.programName() + "\" has been received.")
                        + waiting + "\n\n" + Language.pick(locale, "Заявление и его PDF: ", "Declaration and its PDF: ")
                        + office + "\n");
    }

    MailMessage statusChanged(Declaration declaration, Status to, String comment, Locale locale) {
        String note = comment == null || comment.isBlank() ? "" : "\n\n" + comment;
        return new MailMessage(declaration.email(),
                Language.pick(locale, "Заявление " + declaration.number() + ": " + to.label().ru(),
                        "Declaration " + declaration.number() + ": " + to.label().en()),
                Language.pick(locale,
                        "Статус заявления № " + declaration.number() + " («" + declaration.programName()
                                + "») изменён: " + to.label().ru() + ".",
                        "The status of declaration no. " + declaration.number() + " (\"" + declaration.programName()
                                + "\") is now: " + to.label().en() + ".")
                        + note + "\n\n" + baseUrl + "/office/declarations/" + declaration.id() + "\n");
    }
}
