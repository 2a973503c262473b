package org.matricula.platform.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV of PostgreSQL's COPY, as the server gets it, comes out as {@link CsvWriter} writes the same cells. */
class CopyCsvFilterTest {

    private static final List<String> CELLS = Arrays.asList("plain", "Ёлкина Светлана", "a,b", "a;b", "say \"hi\"",
            "\"quoted start", "two\nlines", "two\r\nlines", "=SUM(A1)", "+7 912", "-1", "@x", "\tindented",
            "\rstart", "=\"a;b\"", "a=b", null, "", "x");

    @Test
    void copyOutputBecomesWhatCsvWriterWritesForTheSameCells() throws IOException {
        for (char separator : new char[] {',', ';'}) {
            String copied = copyCsv(separator, CELLS) + copyCsv(separator, CELLS);
            String expected = csvWriter(separator, CELLS) + csvWriter(separator, CELLS);
            assertEquals(expected, filter(separator, copied, 1), "byte by byte, separator " + separator);
            assertEquals(expected, filter(separator, copied, 7), "in pieces, separator " + separator);
        }
    }

    @Test
    void handWrittenCopyOutputIsRewrittenAsExpected() throws IOException {
        assertEquals("'=1;\"'=\"\"a\"\"\";;\"x\ny\"\r\n'+7;b\r\n",
                filter(';', "=1;\"=\"\"a\"\"\";;\"x\ny\"\n+7;b\n", 1000));
        assertEquals("\"\"\"=not a formula\";\"'\r\"\r\n", filter(';', "\"\"\"=not a formula\";\"\r\"\n", 3));
        assertEquals(";x;\r\n;\r\n", filter(';', "\"\";x;\"\"\n\"\";\n", 1), "empty text and NULL alike");
        assertEquals("\"\"\"\"\"\";\"\"\"\"\r\n", filter(';', "\"\"\"\"\"\";\"\"\"\"\n", 2),
                "quotes only, and a quote alone");
    }

    @Test
    void moreThanItsBufferPassesThroughWhole() throws IOException {
        String row = "Заявитель 4242;bench-4242@example.org;-5\n";
        String many = row.repeat(5_000);
        String expected = "Заявитель 4242;bench-4242@example.org;'-5\r\n".repeat(5_000);
        assertEquals(expected, filter(';', many, 10_000));
    }

    /** The cells as COPY (FORMAT csv) writes them: quoted when they must be, NULL as nothing, empty text as "". */
    private static String copyCsv(char separator, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (i > 0) {
                line.append(separator);
            }
            if (cell != null) {
                boolean quote = cell.isEmpty() || cell.indexOf(separator) >= 0 || cell.indexOf('"') >= 0
                        || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
                line.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
            }
        }
        return line.append('\n').toString();
    }

    private static String csvWriter(char separator, List<String> cells) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter csv = new CsvWriter(out, separator);
        csv.row(cells);
        csv.flush();
        return new String(out.toByteArray(), StandardCharsets.UTF_8).substring(1);
    }

    private static String filter(char separator, String copied, int piece) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyCsvFilter filter = new CopyCsvFilter(out, separator);
        byte[] bytes = copied.getBytes(StandardCharsets.UTF_8);
        for (int start = 0; start < bytes.length; start += piece) {
            filter.write(bytes, start, Math.min(piece, bytes.length - start));
        }
        filter.flush();
        return out.toString(StandardCharsets.UTF_8);
    }
}
