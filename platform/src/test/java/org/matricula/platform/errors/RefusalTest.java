package org.matricula.platform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class RefusalTest {

    @Test
    void aLocalizedRefusalIsToldInTheReadersLanguageAndLoggedInEnglish() {
        NotFoundException missing = NotFoundException.localized("refusal.project.missing", 12345L);

        assertEquals("No project 12345", missing.getMessage(), "ids are not grouped into thousands");
        assertEquals("Проекта 12345 нет", missing.message(Locale.forLanguageTag("ru")));
        assertEquals("No project 12345", missing.message(Locale.ENGLISH));
    }

    @Test
    void everyRefusalOfTheBundlesFormatsWithTheArgumentsItIsGiven() {
        java.util.UUID id = java.util.UUID.fromString("3f1d2c9e-5b7a-4c1e-9f0a-2b6d8e4c1a70");
        assertEquals("No declaration " + id, NotFoundException.localized("refusal.declaration.missing", id).getMessage());
        assertEquals("No account " + id, NotFoundException.localized("refusal.account.missing", id).getMessage());
        assertEquals("No document " + id, NotFoundException.localized("refusal.document.missing", id).getMessage());
        assertEquals("The account " + id + " has already been erased",
                Conflict.localized("refusal.erasure.done", id).getMessage());
    }

    @Test
    void aFixedTextIsTheSameInEveryLanguage() {
        Conflict conflict = new Conflict("checksum mismatch");

        assertEquals("checksum mismatch", conflict.message(Locale.forLanguageTag("ru")));
    }
}
