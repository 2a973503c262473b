package org.matricula.platform.crm.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * How a spreadsheet's CSV is read: its encoding (UTF-8 with or without a byte-order mark, else
 * Windows-1251, as Excel in Russia saves it) and its delimiter (a comma, or the semicolon Excel
 * writes where the comma is the decimal sign), then the records streamed by Commons CSV.
 */
public final class CsvFiles {

    static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    private static final int SAMPLE = 64 * 1024;

    private CsvFiles() {
    }

    /** UTF-8 when the bytes decode strictly as UTF-8 (or start with its mark), else Windows-1251. */
    public static Charset charset(byte[] file) {
        if (hasBom(file)) {
            return StandardCharsets.UTF_8;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return WINDOWS_1251;
        }
    }

    /** The delimiter most found outside quotes in the first line: {@code ;}, tab or {@code ,} (the default). */
    public static char delimiter(byte[] file, Charset charset) {
        int start = hasBom(file) ? 3 : 0;
        String sample = new String(file, start, Math.min(SAMPLE, file.length - start), charset);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            } else if (!quoted && c == '\t') {
                tabs++;
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        return tabs > commas ? '\t' : ',';
    }

    /** A parser streaming the file's records, the header row first. */
    public static CSVParser parser(byte[] file, Charset charset, char delimiter) {
        int start = hasBom(file) ? 3 : 0;
        Reader reader = new InputStreamReader(new ByteArrayInputStream(file, start, file.length - start), charset);
        try {
            return CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setDelimiter(delimiter)
                    .setIgnoreEmptyLines(true).setTrim(true).get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasBom(byte[] file) {
        return file.length >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF;
    }
}
