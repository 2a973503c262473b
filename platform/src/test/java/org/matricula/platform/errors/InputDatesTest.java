package org.matricula.platform.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class InputDatesTest {

    @Test
    void datesFromTheYear1900To9999AreTaken() {
        assertEquals(LocalDate.of(1900, 1, 1), InputDates.date("1900-01-01"));
        assertEquals(LocalDate.of(9999, 12, 31), InputDates.date("9999-12-31"));
        assertEquals(LocalDateTime.of(2026, 9, 1, 10, 0), InputDates.dateTime("2026-09-01T10:00"));
        assertEquals(LocalDate.of(2026, 9, 1), InputDates.offsetDateTime("2026-09-01T10:00:00+03:00").toLocalDate());
    }

    @Test
    void datesOutsideAreRefusedAsOutOfRangeAndUnreadableOnesAsUnreadable() {
        for (String far : new String[] {"1899-12-31", "+10000-01-01", "-4713-01-01", "+999999999-12-31"}) {
            assertThrows(InputDates.OutOfRange.class, () -> InputDates.date(far), far);
        }
        assertThrows(InputDates.OutOfRange.class, () -> InputDates.dateTime("-5000-01-01T00:00"));
        assertThrows(InputDates.OutOfRange.class, () -> InputDates.offsetDateTime("+999999999-12-31T00:00Z"));
        DateTimeParseException unreadable = assertThrows(DateTimeParseException.class,
                () -> InputDates.date("2026-02-30"));
        assertEquals(false, unreadable instanceof InputDates.OutOfRange);
    }

    @Test
    void theMessageSaysTheRangeOnlyForADateOutOfIt() {
        Locale en = Locale.ENGLISH;
        assertEquals("Give a date from 1900-01-01 to 9999-12-31",
                InputDates.message(en, assertThrows(DateTimeParseException.class, () -> InputDates.date("0001-01-01")),
                        "billing.date"));
        assertEquals("Enter a date as YYYY-MM-DD.",
                InputDates.message(en, assertThrows(DateTimeParseException.class, () -> InputDates.date("soon")),
                        "billing.date"));
    }
}
