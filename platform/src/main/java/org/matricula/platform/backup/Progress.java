package org.matricula.platform.backup;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * What a backup or restore prints while it works: one line per table, a running total every few
 * seconds while a big table is copied, and a summary at the end.
 */
final class Progress {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(3).toNanos();

    private final PrintStream out;
    private final int total;
    private final long started = System.nanoTime();
    private int done;
    private long rows;
    private long bytes;
    private String current = "";
    private long lastPrinted = started;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    /** A table starts; {@link #advanced} reports its bytes so far, {@link #finished} its totals. */
    void starting(String table) {
        current = table;
        lastPrinted = System.nanoTime();
    }

    void advanced(long tableBytes) {
        long now = System.nanoTime();
        if (!current.isEmpty() && now - lastPrinted >= INTERVAL_NANOS) {
            lastPrinted = now;
            out.printf(Locale.ROOT, "        %s  %s so far%n", current, size(tableBytes));
        }
    }

    void finished(long tableRows, long tableBytes) {
        done++;
        rows += tableRows;
        bytes += tableBytes;
        int width = String.valueOf(total).length();
        out.printf(Locale.ROOT, "[%" + width + "d/%d] %s  %d rows  %s%n", done, total, current, tableRows,
                size(tableBytes));
        current = "";
    }

    void summary(String verb, String detail) {
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "%s %d tables, %d rows, %s of data in %.1f s%s%n", verb, done, rows, size(bytes),
                seconds, detail);
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes + 1023) / 1024 + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
