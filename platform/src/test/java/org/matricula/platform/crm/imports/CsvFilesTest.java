package org.matricula.platform.crm.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvFilesTest {

    // "Фамилия;Имя;Телефон" and a row, written with escapes so the sources stay ASCII
    private static final String RUSSIAN = "\u0424\u0430\u043c\u0438\u043b\u0438\u044f;\u0418\u043c\u044f;"
            + "\u0422\u0435\u043b\u0435\u0444\u043e\u043d\r\n\u041f\u0435\u0442\u0440\u043e\u0432\u0430;"
            + "\u0410\u043d\u043d\u0430;8 912 345-67-01\r\n";

    @Test
    void utf8WithAndWithoutItsMarkAndWindows1251AreTold() {
        byte[] utf8 = RUSSIAN.getBytes(StandardCharsets.UTF_8);
        assertEquals(StandardCharsets.UTF_8, CsvFiles.charset(utf8));
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertEquals(StandardCharsets.UTF_8, CsvFiles.charset(bom));
        byte[] cp1251 = RUSSIAN.getBytes(CsvFiles.WINDOWS_1251);
        assertEquals(CsvFiles.WINDOWS_1251, CsvFiles.charset(cp1251));
        for (byte[] file : List.of(utf8, bom, cp1251)) {
            List<List<String>> rows = rows(file);
            assertEquals("\u0424\u0430\u043c\u0438\u043b\u0438\u044f", rows.get(0).get(0), "the mark is not part of the header");
            assertEquals(List.of("\u041f\u0435\u0442\u0440\u043e\u0432\u0430", "\u0410\u043d\u043d\u0430",
                    "8 912 345-67-01"), rows.get(1));
        }
    }

    @Test
    void theDelimiterIsTheOneOutsideQuotesInTheFirstLine() {
        assertEquals(';', CsvFiles.delimiter("a;b;c\n1,5;2;3".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals(',', CsvFiles.delimiter("a,b,c\n1;2;3;4;5".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals(',', CsvFiles.delimiter("\"a;b;c\",d\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals('\t', CsvFiles.delimiter("a\tb\tc\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals(',', CsvFiles.delimiter("email\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void columnsAreGuessedFromHeadersInEitherLanguage() {
        assertEquals(Optional.of(ImportField.LAST_NAME), ImportField.guess("\u0424\u0430\u043c\u0438\u043b\u0438\u044f"));
        assertEquals(Optional.of(ImportField.FIRST_NAME), ImportField.guess("First name"));
        assertEquals(Optional.of(ImportField.FULL_NAME), ImportField.guess("\u0424\u0418\u041e"));
        assertEquals(Optional.of(ImportField.EMAIL), ImportField.guess("E-mail"));
        assertEquals(Optional.of(ImportField.PHONE), ImportField.guess("\u0422\u0435\u043b\u0435\u0444\u043e\u043d"));
        assertEquals(Optional.of(ImportField.BIRTH_DATE), ImportField.guess("Date of birth"));
        assertEquals(Optional.of(ImportField.ORGANIZATION), ImportField.guess("Company name"));
        assertEquals(Optional.of(ImportField.CONSENT_DATE), ImportField.guess("Consent date"));
        assertEquals(Optional.of(ImportField.CONSENT), ImportField.guess("Consent"));
        assertEquals(Optional.empty(), ImportField.guess("Comment"));
    }

    @Test
    void aRowIsReadThroughTheMappingWithAProblemPerField() {
        List<ImportField> mapping = List.of(ImportField.FULL_NAME, ImportField.EMAIL, ImportField.PHONE,
                ImportField.BIRTH_DATE, ImportField.TAGS, ImportField.ORGANIZATION, ImportField.ROLE,
                ImportField.CONSENT, ImportField.CONSENT_DATE);
        ImportRow good = row("Petrova Anna Sergeevna,Anna@Example.org,8 912 345-67-01,08.03.1995,\"vip, 2026\","
                + "Acme,employee,yes,2026-01-15", mapping);
        assertTrue(good.valid(), good.problems().toString());
        assertEquals("Petrova", good.lastName());
        assertEquals("Sergeevna", good.middleName());
        assertEquals(List.of("anna@example.org"), good.emails());
        assertEquals(List.of("+79123456701"), good.phones());
        assertEquals(LocalDate.of(1995, 3, 8), good.birthDate());
        assertEquals(List.of("vip", "2026"), good.tags());
        assertEquals("EMPLOYEE", good.role());
        assertTrue(good.consent());
        ImportRow bad = row("X,not-an-email,12,31.02.1990,,,boss,maybe,someday", mapping);
        assertFalse(bad.valid());
        assertEquals(List.of("email", "phone", "birthDate", "role", "consent", "consentDate"),
                bad.problems().stream().map(ImportRow.Problem::field).toList());
        ImportRow none = row("Nobody,,,,,,,,", mapping);
        assertEquals(List.of(new ImportRow.Problem("", "crm.import.error.noContact")), none.problems());
        assertNull(none.birthDate());
    }

    private static ImportRow row(String line, List<ImportField> mapping) {
        try (CSVParser parser = CsvFiles.parser(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, ',')) {
            return ImportRow.read(parser.iterator().next(), mapping);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<List<String>> rows(byte[] file) {
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = CsvFiles.parser(file, CsvFiles.charset(file), CsvFiles.delimiter(file,
                CsvFiles.charset(file)))) {
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return rows;
    }
}
