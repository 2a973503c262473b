package org.matricula.bench;

import java.util.Arrays;

/** Times calls made one after another by a single client, after untimed warm-up calls. */
final class SequentialTimer {

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private SequentialTimer() {
    }

    /** The timings in nanoseconds, ascending, of the calls after the warm-up ones. */
    static long[] sortedNanos(int warmUps, int timed, Call call) throws Exception {
        long[] times = new long[timed];
        for (int i = -warmUps; i < times.length; i++) {
            long started = System.nanoTime();
            call.run();
            if (i >= 0) {
                times[i] = System.nanoTime() - started;
            }
        }
        Arrays.sort(times);
        return times;
    }
}
