package org.matricula.platform.catalog;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import org.matricula.platform.i18n.Translations;

/**
 * A project: what applicants apply to, using one course family's form. Its own fields: who gets
 * the digest of new declarations, and the last day declarations are accepted. Its name and
 * description may be given per language ({@code names}, {@code descriptions}, keyed by language
 * tag); {@code name} and {@code description} hold the default language's, or the nearest given.
 */
public record Project(long id, String slug, String name, String description, String familyId, boolean active,
        String digestRecipients, LocalDate openUntil, Map<String, String> names, Map<String, String> descriptions) {

    /** The project as a reader of {@code locale} sees it: name and description in that language, or the nearest one. */
    public Project in(Locale locale) {
        return new Project(id, slug, Translations.pick(names, locale, name),
                Translations.pick(descriptions, locale, description), familyId, active, digestRecipients, openUntil,
                names, descriptions);
    }

    /** Whether new declarations are accepted on this day. */
    public boolean acceptsOn(LocalDate day) {
        return active && (openUntil == null || !day.isAfter(openUntil));
    }
}
