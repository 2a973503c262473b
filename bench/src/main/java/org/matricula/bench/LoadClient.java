package org.matricula.bench;

import java.net.http.HttpClient;

/** One client thread of the closed loop: its own HTTP/1.1 connection, and the time of each request it made. */
final class LoadClient implements Runnable {

    /** Room for the timings; a client that fills it stops before the deadline. */
    private static final int MAX_REQUESTS = 200_000;

    private final LoadDriver.Work work;
    private final long deadline;
    private final LoadErrors errors;
    private final long[] times = new long[MAX_REQUESTS];
    private int count;

    LoadClient(LoadDriver.Work work, long deadline, LoadErrors errors) {
        this.work = work;
        this.deadline = deadline;
        this.errors = errors;
    }

    @Override
    public void run() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int n = 0;
        while (System.nanoTime() < deadline && n < times.length) {
            long begun = System.nanoTime();
            try {
                work.run(client);
                times[n++] = System.nanoTime() - begun;
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

    /** Read after the thread has been joined, which makes its writes visible. */
    int count() {
        return count;
    }
}
