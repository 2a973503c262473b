package org.matricula.platform.registration;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/** What the pages show of a declaration, in one language. */
public record DeclarationView(UUID id, String number, String projectName, String programName, String status,
        String statusCode, String submittedAt, String fullName, String email, Declaration declaration) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm")
            .withZone(ZoneId.of("Europe/Moscow"));

    public static DeclarationView of(Declaration declaration, Locale locale) {
        return new DeclarationView(declaration.id(), declaration.number(), declaration.projectName(),
                declaration.programName(), declaration.status().label().in(locale), declaration.status().name(),
                WHEN.format(declaration.submittedAt()), declaration.fullName(), declaration.email(), declaration);
    }

    static String when(java.time.Instant instant) {
        return WHEN.format(instant);
    }
}
