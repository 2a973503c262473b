package org.matricula.bench;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/** One client thread of the closed loop: its own HTTP/1.1 connection, and the time of each request it made. */
final class LoadClient implements Runnable {

    /** The start of the load client threads' names, by which their CPU time is told apart from the server's. */
    static final String THREAD_PREFIX = "load-client-";
    /** Room for the timings; a client that fills it stops before the deadline. */
    private static final int MAX_REQUESTS = 200_000;

    private final LoadDriver.Work work;
    private final long deadline;
    private final LoadErrors errors;
    private final long[] times = new long[MAX_REQUESTS];
    private final long[] answeredAt = new long[MAX_REQUESTS];
    private final CountDownLatch finished;
    private final CountDownLatch measured;
    private int count;

    /**
     * @param finished counted down when this client's time is up
     * @param measured awaited before the thread ends, so that its CPU time can still be read
     */
    LoadClient(LoadDriver.Work work, long deadline, LoadErrors errors, CountDownLatch finished,
            CountDownLatch measured) {
        this.work = work;
        this.deadline = deadline;
        this.errors = errors;
        this.finished = finished;
        this.measured = measured;
    }

    @Override
    public void run() {
        try {
            load();
        } finally {
            finished.countDown();
            try {
                measured.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void load() {
        try (LoadConnection connection = new LoadConnection()) {
            load(connection);
        } catch (IOException e) {
            errors.add(e);
        }
    }

    private void load(LoadConnection connection) {
        int n = 0;
        while (System.nanoTime() < deadline && n < times.length) {
            long begun = System.nanoTime();
            try {
                work.run(connection);
                long answered = System.nanoTime();
                answeredAt[n] = answered;
                times[n++] = answered - begun;
            } catch (Exception e) {
                errors.add(e);
                // work that has run out of inputs says so; trying again could only fail again
                if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).startsWith("out of")) {
                    break;
                }
            }
        }
        count = n;
    }

    /** The timings in nanoseconds of the answered requests: the first {@link #count()} entries. */
    long[] times() {
        return times;
    }

    /** When each answered request was answered, in {@link System#nanoTime()}: the first {@link #count()} entries. */
    long[] answeredAt() {
        return answeredAt;
    }

    /** Read after the thread has been joined, which makes its writes visible. */
    int count() {
        return count;
    }
}
