package org.matricula.platform.crm.persons;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContactsTest {

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertEquals(Optional.of("anna.petrova@example.org"), Contacts.email("  Anna.Petrova@Example.ORG "));
        assertEquals(Optional.empty(), Contacts.email("anna"));
        assertEquals(Optional.empty(), Contacts.email("a@b"));
        assertEquals(Optional.empty(), Contacts.email(null));
    }

    @Test
    void phonesAreKeptInE164WithRussiaAsTheDefaultCountry() {
        assertEquals(Optional.of("+79123456789"), Contacts.phone("8 (912) 345-67-89"));
        assertEquals(Optional.of("+79123456789"), Contacts.phone("+7 912 345 67 89"));
        assertEquals(Optional.of("+493012345678"), Contacts.phone("+49 30 12345678"));
        assertEquals(Optional.empty(), Contacts.phone("12"));
        assertEquals(Optional.empty(), Contacts.phone("call me"));
    }

    @Test
    void theDistanceCountsSingleEdits() {
        assertEquals(0, Contacts.distance("ivan", "ivan"));
        assertEquals(2, Contacts.distance("petrov", "petorv"));
        assertEquals(1, Contacts.distance("anna", "ana"));
        assertEquals("ivan.petrov", Contacts.localPart("ivan.petrov@example.org"));
    }
}
