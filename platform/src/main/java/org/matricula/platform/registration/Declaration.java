package org.matricula.platform.registration;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.matricula.platform.i18n.Translations;

/**
 * A stored declaration with what the lists and pages show of it. {@code projectName} and
 * {@code programName} are the default language's; {@code projectNames} and {@code programNames}
 * hold them per language, for {@link #projectName(Locale)} and {@link #programName(Locale)}.
 */
public record Declaration(UUID id, String number, UUID accountId, long projectId, String projectName,
        String projectSlug, long programId, String programCode, String programName, String familyId,
        Status status, boolean holdsPlace, Map<String, String> values, String fullName, String email,
        String category, String organization, Locale locale, Instant submittedAt, Instant updatedAt,
        Map<String, String> projectNames, Map<String, String> programNames) {

    /** A declaration whose project and program are named in the default language only. */
    public Declaration(UUID id, String number, UUID accountId, long projectId, String projectName,
            String projectSlug, long programId, String programCode, String programName, String familyId,
            Status status, boolean holdsPlace, Map<String, String> values, String fullName, String email,
            String category, String organization, Locale locale, Instant submittedAt, Instant updatedAt) {
        this(id, number, accountId, projectId, projectName, projectSlug, programId, programCode, programName, familyId,
                status, holdsPlace, values, fullName, email, category, organization, locale, submittedAt, updatedAt,
                Map.of(), Map.of());
    }

    /** The project's name in the language of {@code reader}, or the nearest one given. */
    public String projectName(Locale reader) {
        return Translations.pick(projectNames, reader, projectName);
    }

    /** The program's name in the language of {@code reader}, or the nearest one given. */
    public String programName(Locale reader) {
        return Translations.pick(programNames, reader, programName);
    }
}
