package org.matricula.api.form;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldRulesTest {

    @Test
    void aDateIsTheDayTheIsoFormatReads() {
        List<String> candidates = new ArrayList<>(List.of("2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29",
                "0000-01-01", "9999-12-31", "2023-13-01", "2023-00-10", "2023-01-00", "2023-04-31", "2023-1a-01",
                "2023/01/01", "2023-01-1", "+10000-01-01", "-0001-01-01", "２０２３-01-01", "", "2023-01-01 "));
        for (LocalDate day = LocalDate.of(1999, 1, 1); day.isBefore(LocalDate.of(2031, 1, 1)); day = day.plusDays(1)) {
            candidates.add(day.toString());
        }
        Random random = new Random(7);
        String alphabet = "0123456789-+ a";
        for (int i = 0; i < 100_000; i++) {
            char[] text = "2024-02-29".toCharArray();
            text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            candidates.add(new String(text));
        }
        for (String candidate : candidates) {
            assertEquals(parsed(candidate), FieldRules.date(candidate), candidate);
            assertEquals(parsed(candidate).isPresent(), FieldRules.isDate(candidate), candidate);
        }
    }

    private static Optional<LocalDate> parsed(String value) {
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
