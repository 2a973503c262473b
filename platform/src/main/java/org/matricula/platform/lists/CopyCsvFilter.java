package org.matricula.platform.lists;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns the CSV that PostgreSQL's COPY writes into the export's own, as {@link CsvWriter} writes
 * the same cells: CRLF between records, an empty text as an empty cell (COPY writes {@code ""} to
 * tell it from NULL), and an apostrophe before a cell a spreadsheet would run as a formula. COPY
 * already quotes the cells that need it and doubles their quotes. Works on bytes: every
 * character it looks at is ASCII, which UTF-8 never uses inside another character.
 */
final class CopyCsvFilter extends OutputStream {

    /** Where in a cell the last byte left off; OPENED and OPENED_QUOTE hold back what they saw. */
    private enum State { CELL_START, PLAIN, OPENED, OPENED_QUOTE, QUOTED, QUOTE_IN_QUOTED }

    private static final byte QUOTE = '"';

    private final OutputStream out;
    private final byte separator;
    private final byte[] buffer = new byte[64 * 1024];
    private int buffered;
    private State state = State.CELL_START;

    CopyCsvFilter(OutputStream out, char separator) {
        this.out = out;
        this.separator = (byte) separator;
    }

    @Override
    public void write(int b) throws IOException {
        byte c = (byte) b;
        state = switch (state) {
            case CELL_START -> c == QUOTE ? State.OPENED : end(c) ? State.CELL_START : first(c, State.PLAIN);
            case PLAIN -> end(c) ? State.CELL_START : put(c, State.PLAIN);
            case OPENED -> c == QUOTE ? State.OPENED_QUOTE : first(c, put(QUOTE, State.QUOTED));
            // "" then a quote: the cell starts with a quote; "" then its end: an empty text
            case OPENED_QUOTE -> c == QUOTE ? put(QUOTE, put(QUOTE, put(QUOTE, State.QUOTED))) : cellEnd(c);
            case QUOTED -> put(c, c == QUOTE ? State.QUOTE_IN_QUOTED : State.QUOTED);
            case QUOTE_IN_QUOTED -> c == QUOTE ? put(c, State.QUOTED) : cellEnd(c);
        };
    }

    /** Copies the runs of a cell's ordinary bytes in bulk and steps through the rest one by one. */
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int run = i;
            if (state == State.PLAIN) {
                while (run < end && bytes[run] != separator && bytes[run] != '\n') {
                    run++;
                }
            } else if (state == State.QUOTED) {
                while (run < end && bytes[run] != QUOTE) {
                    run++;
                }
            }
            if (run > i) {
                putAll(bytes, i, run - i);
                i = run;
            } else {
                write(bytes[i++]);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.write(buffer, 0, buffered);
        buffered = 0;
        out.flush();
    }

    private State cellEnd(byte c) throws IOException {
        if (!end(c)) {
            throw new IOException("Unexpected byte " + c + " after a closing quote in COPY output");
        }
        return State.CELL_START;
    }

    /** Writes a separator as is and a record's end as CRLF; false for any other byte. */
    private boolean end(byte c) throws IOException {
        if (c == separator) {
            put(c, null);
            return true;
        }
        if (c == '\n') {
            put((byte) '\r', null);
            put(c, null);
            return true;
        }
        return false;
    }

    private State first(byte c, State next) throws IOException {
        if (CsvWriter.FORMULA_STARTS.indexOf(c) >= 0) {
            put((byte) '\'', null);
        }
        return put(c, next);
    }

    private void putAll(byte[] bytes, int offset, int length) throws IOException {
        if (buffered + length > buffer.length) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
        if (length > buffer.length) {
            out.write(bytes, offset, length);
        } else {
            System.arraycopy(bytes, offset, buffer, buffered, length);
            buffered += length;
        }
    }

    private State put(byte c, State next) throws IOException {
        if (buffered == buffer.length) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
        buffer[buffered++] = c;
        return next;
    }
}
