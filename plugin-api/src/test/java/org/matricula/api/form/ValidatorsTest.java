package org.matricula.api.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matricula.api.LocalizedText;

class ValidatorsTest {

    private static final Clock SEPT_2026 = Clock.fixed(Instant.parse("2026-09-01T10:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"112-233-445 95", "11223344595", "087-654-303 00", "08765430300", "001-001-998 00"})
    void validSnils(String snils) {
        assertTrue(Validators.snils().check(snils).isEmpty(), snils);
    }

    @ParameterizedTest
    @ValueSource(strings = {"112-233-445 96", "112-233-446 95", "1122334459", "112233445950", "abc-def-ghi jk"})
    void invalidSnils(String snils) {
        Optional<LocalizedText> error = Validators.snils().check(snils);
        assertTrue(error.isPresent(), snils);
        assertTrue(error.get().ru().contains("СНИЛС"));
        assertTrue(error.get().en().contains("SNILS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7707083893", "500100732259", "7830002293"})
    void validInn(String inn) {
        assertTrue(Validators.inn().check(inn).isEmpty(), inn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7707083894", "500100732258", "500100732269", "770708389", "77070838930", "ИНН"})
    void invalidInn(String inn) {
        Optional<LocalizedText> error = Validators.inn().check(inn);
        assertTrue(error.isPresent(), inn);
        assertTrue(error.get().ru().contains("ИНН") && error.get().en().contains("INN"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+79123456789", "+7 912 345-67-89", "8 (912) 345-67-89", "89123456789"})
    void russianPhones(String phone) {
        assertTrue(Validators.russianPhone().check(phone).isEmpty(), phone);
        assertEquals("+79123456789", Validators.normalizePhone(phone));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 202 555 0100", "912345678", "+7912345678", "phone", "+7 912 345-67-899"})
    void notRussianPhones(String phone) {
        Optional<LocalizedText> error = Validators.russianPhone().check(phone);
        assertTrue(error.isPresent(), phone);
        assertTrue(error.get().ru().contains("+7 XXX XXX-XX-XX"));
        assertEquals(phone, Validators.normalizePhone(phone), "left as typed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Иванов", "Салтыков-Щедрин", "Smith", "O'Neil", "Анна Мария", "Ёлкин"})
    void personNames(String name) {
        assertTrue(Validators.personName().check(name).isEmpty(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ivanов", "Иванов2", "<script>", "-Иван", "Иван--", "Robert'); DROP TABLE"})
    void badPersonNames(String name) {
        Optional<LocalizedText> error = Validators.personName().check(name);
        assertTrue(error.isPresent(), name);
        assertTrue(error.get().en().contains("one alphabet"));
    }

    @Test
    void aTooLongNameIsToldItsLengthNotItsAlphabet() {
        assertTrue(Validators.personName().check("Я".repeat(60)).isEmpty());
        Optional<LocalizedText> error = Validators.personName().check("Я".repeat(61));
        assertTrue(error.isPresent());
        assertEquals("At most 60 characters (now 61)", error.get().en());
        assertEquals("Не длиннее 60 символов (сейчас 61)", error.get().ru());
        assertTrue(Validators.personName().check("Z".repeat(80)).orElseThrow().en().startsWith("At most 60"));
    }

    @Test
    void birthDateWithinAgeRange() {
        FieldValidator birthDate = Validators.birthDate(14, 100, SEPT_2026);
        assertTrue(birthDate.check("2003-04-12").isEmpty());
        assertTrue(birthDate.check("2012-09-01").isEmpty(), "exactly 14 today");
        assertTrue(birthDate.check("2012-09-02").isPresent(), "one day short of 14");
        assertTrue(birthDate.check("1920-01-01").isPresent(), "older than 100");
        assertTrue(birthDate.check("2027-01-01").isPresent(), "in the future");
        Optional<LocalizedText> garbage = birthDate.check("12.04.2003");
        assertEquals("Enter the date as YYYY-MM-DD", garbage.orElseThrow().en());
        assertTrue(birthDate.check("2012-09-02").orElseThrow().ru().contains("от 14 до 100"));
    }

    @Test
    void graduationYear() {
        FieldValidator year = Validators.yearBetween(1950, 6, SEPT_2026);
        assertTrue(year.check("2020").isEmpty());
        assertTrue(year.check("2032").isEmpty());
        assertTrue(year.check("2033").isPresent());
        assertTrue(year.check("1949").isPresent());
        assertTrue(year.check("20x0").isPresent());
    }

    @Test
    void dateNotInFuture() {
        FieldValidator issued = Validators.notInFuture(SEPT_2026);
        assertTrue(issued.check("2026-09-01").isEmpty());
        assertTrue(issued.check("2026-09-02").isPresent());
    }

    @Test
    void passportSeriesAndNumber() {
        assertTrue(Validators.passportSeries().check("6512").isEmpty());
        assertTrue(Validators.passportSeries().check("65 12").isEmpty());
        assertTrue(Validators.passportSeries().check("651").isPresent());
        assertTrue(Validators.passportNumber().check("345678").isEmpty());
        assertTrue(Validators.passportNumber().check("34567a").isPresent());
    }

    @Test
    void emails() {
        assertTrue(Validators.email().check("anna.smirnova@urfu.ru").isEmpty());
        assertFalse(Validators.email().check("anna@").isEmpty());
        assertFalse(Validators.email().check("anna smirnova@urfu.ru").isEmpty());
        assertFalse(Validators.email().check("a@b").isEmpty());
    }

    @Test
    void digits() {
        assertTrue(Validators.digits(4, 6).check("12345").isEmpty());
        assertEquals("Введите от 4 до 6 цифр", Validators.digits(4, 6).check("123").orElseThrow().ru());
        assertEquals("Enter 3 digits", Validators.digits(3, 3).check("12").orElseThrow().en());
        assertTrue(Validators.digits(0, 2).check("").isEmpty());
        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class, () -> Validators.digits(5, 3));
        assertTrue(reversed.getMessage().contains("digits(5, 3)"), reversed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Validators.digits(-1, 3));
    }
}
