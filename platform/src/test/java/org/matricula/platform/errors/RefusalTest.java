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
    void aFixedTextIsTheSameInEveryLanguage() {
        Conflict conflict = new Conflict("checksum mismatch");

        assertEquals("checksum mismatch", conflict.message(Locale.forLanguageTag("ru")));
    }
}
