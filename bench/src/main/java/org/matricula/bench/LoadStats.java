package org.matricula.bench;

import java.util.Locale;

/**
 * A throughput phase's figures: answered requests, failed ones, the phase's length, the answered
 * requests' timings in nanoseconds ascending, and the CPU time of this whole JVM (server and
 * clients) during the phase.
 */
record LoadStats(long count, long errors, double seconds, long[] sorted, double cpuMillis) {

    double perSecond() {
        return count / seconds;
    }

    double percentile(double quantile) {
        return Figures.percentile(sorted, quantile);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.0f/s (%d in %.1f s, %d errors), p50 %.1f ms, p99 %.1f ms,"
                + " JVM CPU %.2f ms per request", perSecond(), count, seconds, errors, percentile(0.5),
                percentile(0.99), count == 0 ? 0 : cpuMillis / count);
    }
}
