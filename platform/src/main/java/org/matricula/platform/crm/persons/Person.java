package org.matricula.platform.crm.persons;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A person as the card shows it.
 *
 * @param firstTouch where the person first came from, as JSON ({@code channel, source, campaign,
 *     utm, referrer, at}); empty when unknown
 */
public record Person(UUID id, String lastName, String firstName, String middleName, String fullName,
        LocalDate birthDate, List<String> tags, UUID managerId, String manager, String email, String phone,
        String stage, Instant stageSince, String firstTouch, String lastTouch, Instant createdAt,
        List<Contact> contacts, List<Consent> consents, List<DeclarationLink> declarations, List<UUID> accounts) {

    public record Contact(long id, String kind, String value, String source, Instant createdAt) {
    }

    /** One grant or withdrawal of a consent. */
    public record Consent(String purpose, boolean granted, String source, Instant at) {
    }

    public record DeclarationLink(UUID id, String number, String program, String status, Instant submittedAt) {
    }

    /** The latest word on a purpose: granted, withdrawn, or never asked (empty). */
    public java.util.Optional<Consent> consent(String purpose) {
        return consents.stream().filter(consent -> consent.purpose().equals(purpose)).findFirst();
    }
}
