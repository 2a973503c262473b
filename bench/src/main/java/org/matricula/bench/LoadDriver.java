package org.matricula.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The closed loop of the throughput phases: each client is a thread with its own keep-alive HTTP
 * connection that sends its next request as soon as the last one is answered, until time is up.
 */
final class LoadDriver {

    /** One request of a client over that client's own connection; throwing counts as an error. */
    @FunctionalInterface
    interface Work {
        void run(HttpClient client) throws Exception;
    }

    private final int phaseSeconds;

    LoadDriver(int phaseSeconds) {
        this.phaseSeconds = phaseSeconds;
    }

    /** Load whose figures are dropped, so that the phase measured next starts with compiled code and warm caches. */
    void warmUp(int clients, int seconds, Work work) throws InterruptedException {
        run(clients, seconds, work);
    }

    /** A throughput phase of the configured length. */
    LoadStats measure(int clients, Work work) throws InterruptedException {
        return run(clients, phaseSeconds, work);
    }

    /** Runs the work from that many threads, each with its own HTTP connection, for that many seconds. */
    private LoadStats run(int clients, int seconds, Work work) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        LoadErrors errors = new LoadErrors();
        List<LoadClient> loadClients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            LoadClient client = new LoadClient(work, deadline, errors);
            loadClients.add(client);
            Thread thread = new Thread(client);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = new long[loadClients.stream().mapToInt(LoadClient::count).sum()];
        int at = 0;
        for (LoadClient client : loadClients) {
            System.arraycopy(client.times(), 0, all, at, client.count());
            at += client.count();
        }
        Arrays.sort(all);
        errors.printFirst();
        return new LoadStats(all.length, errors.count(), elapsed, all, (processCpuNanos() - cpuBefore) / 1e6);
    }

    /** CPU time of this whole JVM: the server under load and the clients loading it. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
