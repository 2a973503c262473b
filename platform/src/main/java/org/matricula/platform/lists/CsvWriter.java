package org.matricula.platform.lists;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes RFC 4180 CSV in UTF-8, starting with a byte order mark so that spreadsheet programs
 * read Cyrillic right. Cells that a spreadsheet would run as a formula get a leading apostrophe.
 */
public final class CsvWriter {

    /** The first characters that make a spreadsheet read a cell as a formula (or hide its start). */
    static final String FORMULA_STARTS = "=+-@\t\r";

    private static final char BOM = '\uFEFF';

    private final Writer out;
    private final char separator;

    public CsvWriter(OutputStream stream, char separator) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        this.separator = separator;
        write(String.valueOf(BOM));
    }

    public void row(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(separator);
            }
            line.append(cell(cells.get(i), separator));
        }
        write(line.append("\r\n").toString());
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cell: empty for null, guarded against formula injection, quoted when it must be. */
    static String cell(String value, char separator) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String guarded = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = guarded.indexOf(separator) >= 0 || guarded.indexOf('"') >= 0
                || guarded.indexOf('\n') >= 0 || guarded.indexOf('\r') >= 0;
        return quote ? '"' + guarded.replace("\"", "\"\"") + '"' : guarded;
    }

    private void write(String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
