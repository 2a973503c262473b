package org.matricula.api.actions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an action may know of the person a scenario runs for: a narrow view of the CRM's person,
 * never its tables.
 *
 * @param id the person's id in the platform, stable across merges of duplicates (the kept one's)
 * @param lastName may be empty
 * @param firstName may be empty
 * @param middleName may be empty
 * @param emails normalized (lower case), the preferred one first
 * @param phones in E.164, the preferred one first
 * @param language the person's language for mail ({@code ru}, {@code en}, ...)
 * @since 1.3.0
 */
public record ActionPerson(String id, String lastName, String firstName, String middleName, List<String> emails,
        List<String> phones, String language) {

    /** @since 1.3.0 */
    public ActionPerson {
        Objects.requireNonNull(id, "id");
        lastName = Objects.requireNonNullElse(lastName, "");
        firstName = Objects.requireNonNullElse(firstName, "");
        middleName = Objects.requireNonNullElse(middleName, "");
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        language = Objects.requireNonNullElse(language, "ru");
    }

    /**
     * The preferred email address, if the person has one.
     *
     * @since 1.3.0
     */
    public Optional<String> email() {
        return emails.stream().findFirst();
    }
}
