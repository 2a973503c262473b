package org.matricula.platform.registration;

import java.util.Locale;
import java.util.UUID;
import org.matricula.platform.i18n.TimeDisplay;

/** What the pages show of a declaration, in one language. */
public record DeclarationView(UUID id, String number, String projectName, String programName, String status,
        String statusCode, String submittedAt, String fullName, String email, Declaration declaration) {

    public static DeclarationView of(Declaration declaration, Locale locale) {
        return new DeclarationView(declaration.id(), declaration.number(), declaration.projectName(locale),
                declaration.programName(locale), declaration.status().label().in(locale), declaration.status().name(),
                TimeDisplay.dateTime(locale, declaration.submittedAt()), declaration.fullName(), declaration.email(),
                declaration);
    }

    static String when(java.time.Instant instant, Locale locale) {
        return TimeDisplay.dateTime(locale, instant);
    }
}
