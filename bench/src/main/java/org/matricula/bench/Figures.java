package org.matricula.bench;

/** The small calculations behind the printed figures. */
final class Figures {

    private Figures() {
    }

    /**
     * The nearest-rank percentile of ascending timings in nanoseconds, in milliseconds; NaN when
     * nothing was timed.
     */
    static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** How a target reads in the results: in capitals when missed, so that it stands out. */
    static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
