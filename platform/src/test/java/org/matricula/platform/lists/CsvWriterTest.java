package org.matricula.platform.lists;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void startsWithAByteOrderMarkAndWritesCyrillicAsUtf8() {
        byte[] bytes = write(',', List.of("Фамилия", "Имя"), List.of("Иванов", "Пётр"));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));
        assertEquals("\uFEFFФамилия,Имя\r\nИванов,Пётр\r\n", new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void quotesSeparatorsQuotesAndLineBreaksAsRfc4180Says() {
        String csv = text(',', List.of("a,b", "say \"hi\"", "two\nlines", "plain", ""));
        assertEquals("\uFEFF\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain,\r\n", csv);
    }

    @Test
    void semicolonSeparatorQuotesSemicolonsButNotCommas() {
        String csv = text(';', List.of("Москва, Россия", "a;b"));
        assertEquals("\uFEFFМосква, Россия;\"a;b\"\r\n", csv);
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreDefused() {
        String csv = text(',', Arrays.asList("=HYPERLINK(\"http://evil\")", "+7 912", "-1", "@SUM(A1)", "a=b", null));
        assertEquals("\uFEFF\"'=HYPERLINK(\"\"http://evil\"\")\",'+7 912,'-1,'@SUM(A1),a=b,\r\n", csv);
    }

    private static String text(char separator, List<String> row) {
        return new String(write(separator, row), StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static byte[] write(char separator, List<String>... rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter csv = new CsvWriter(out, separator);
        for (List<String> row : rows) {
            csv.row(row);
        }
        csv.flush();
        return out.toByteArray();
    }
}
