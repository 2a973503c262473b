package org.matricula.bench;

import java.util.Locale;

/**
 * A throughput phase's figures: answered requests, failed ones, the phase's length, the answered
 * requests' timings in nanoseconds ascending, the CPU time the phase took, by part, and the timings by
 * the second they were answered in.
 */
record LoadStats(long count, long errors, double seconds, long[] sorted, CpuUse cpu, double catchingUpSeconds,
        LatencyBySecond bySecond) {

    double perSecond() {
        return count / seconds;
    }

    double percentile(double quantile) {
        return Figures.percentile(sorted, quantile);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.0f/s (%d in %.1f s%s, %d errors), p50 %.1f ms, p99 %.1f ms; %s",
                perSecond(), count, seconds, catchingUpSeconds > 0
                        ? String.format(Locale.ROOT, ", of them %.2f s finishing after the clients stopped",
                                catchingUpSeconds) : "",
                errors, percentile(0.5), percentile(0.99), cpu.perRequest(count));
    }

    /** The server's CPU per request by kind of thread, for the breakdown. */
    String serverThreads() {
        return count == 0 ? "" : "server CPU ms per request by thread: " + cpu.serverThreads(count)
                + "; PostgreSQL CPU ms per request by process: " + cpu.postgresProcesses(count);
    }

    /** Server CPU per request in milliseconds: the platform's own threads and the garbage collector. */
    double serverMillisPerRequest() {
        return count == 0 ? Double.NaN : (cpu.millis(CpuUse.SERVER) + cpu.millis(CpuUse.GC)) / count;
    }
}
