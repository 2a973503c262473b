package org.matricula.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A phase's timings by the second in which each request was answered: whether its slowest
 * requests are spread over the phase (each waited behind the others in turn) or bunched in a few
 * seconds (something else took the machine for a while: a background job, a checkpoint, the
 * garbage collector).
 */
final class LatencyBySecond {

    private final double[] p99BySecond;
    private final int[] slowestBySecond;
    private final int slowest;

    private LatencyBySecond(double[] p99BySecond, int[] slowestBySecond, int slowest) {
        this.p99BySecond = p99BySecond;
        this.slowestBySecond = slowestBySecond;
        this.slowest = slowest;
    }

    /**
     * @param started the phase's start, in {@link System#nanoTime()}
     * @param answeredAt when each request was answered, in {@link System#nanoTime()}
     * @param took how long each request took, in nanoseconds, in the same order
     */
    static LatencyBySecond of(long started, long[] answeredAt, long[] took) {
        int seconds = 0;
        for (long at : answeredAt) {
            seconds = Math.max(seconds, second(started, at) + 1);
        }
        List<List<Long>> bySecond = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            bySecond.add(new ArrayList<>());
        }
        for (int i = 0; i < took.length; i++) {
            bySecond.get(second(started, answeredAt[i])).add(took[i]);
        }
        double[] p99 = new double[seconds];
        for (int s = 0; s < seconds; s++) {
            long[] sorted = bySecond.get(s).stream().mapToLong(Long::longValue).sorted().toArray();
            p99[s] = Figures.percentile(sorted, 0.99);
        }
        long[] all = took.clone();
        Arrays.sort(all);
        int slowest = (int) Math.max(1, all.length / 100);
        long threshold = all.length == 0 ? Long.MAX_VALUE : all[all.length - slowest];
        int[] slowestBySecond = new int[seconds];
        for (int i = 0; i < took.length; i++) {
            if (took[i] >= threshold) {
                slowestBySecond[second(started, answeredAt[i])]++;
            }
        }
        return new LatencyBySecond(p99, slowestBySecond, slowest);
    }

    private static int second(long started, long at) {
        return (int) Math.max(0, (at - started) / 1_000_000_000L);
    }

    @Override
    public String toString() {
        double[] sorted = Arrays.stream(p99BySecond).filter(p -> !Double.isNaN(p)).sorted().toArray();
        if (sorted.length == 0) {
            return "nothing answered";
        }
        int[] counts = slowestBySecond.clone();
        Arrays.sort(counts);
        int secondsHoldingSlowest = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        int inWorstTwo = counts[counts.length - 1] + (counts.length > 1 ? counts[counts.length - 2] : 0);
        StringBuilder bySecond = new StringBuilder();
        for (double p : p99BySecond) {
            bySecond.append(bySecond.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", p));
        }
        return String.format(Locale.ROOT, "p99 by second of the phase (ms): %s; the slowest 1%% (%d requests) were"
                + " answered in %d of %d seconds, %d of them in the worst two", bySecond, slowest,
                secondsHoldingSlowest, p99BySecond.length, inWorstTwo);
    }
}
