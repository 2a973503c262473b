package org.matricula.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * The closed loop of the throughput phases: each client is a thread with its own keep-alive HTTP
 * connection that sends its next request as soon as the last one is answered, until time is up.
 */
final class LoadDriver {

    /** One request of a client over that client's own connection; throwing counts as an error. */
    @FunctionalInterface
    interface Work {
        void run(LoadConnection connection) throws Exception;
    }

    private final int phaseSeconds;
    private final long postmasterPid;

    LoadDriver(int phaseSeconds, long postmasterPid) {
        this.phaseSeconds = phaseSeconds;
        this.postmasterPid = postmasterPid;
    }

    /** The JIT compilers' share of one core under which compilation counts as settled. */
    private static final double SETTLED_JIT_SHARE = 0.03;
    /** CPU a second, server and PostgreSQL together, under which the machine counts as idle. */
    private static final double QUIET_CPU_MILLIS_PER_SECOND = 100;

    /** Load whose figures are dropped, so that the phase measured next starts with compiled code and warm caches. */
    void warmUp(int clients, int seconds, Work work) throws InterruptedException {
        run(clients, seconds, work, () -> true);
    }

    /**
     * Warms the server up with rounds of each work in turn until compilation has settled: at least
     * {@code minSeconds}, then until the JIT compilers used under 3% of a core over a round, at most
     * {@code maxSeconds}. Code measured in a JVM a minute old is still being compiled: its figures
     * would be those of the compiler. On two busy cores the C2 compiler gets a third of one and
     * takes 4 to 5 minutes to compile the lead's path, its time per round falling unevenly
     * (6.1, 3.8, 4.1, 3.5, 3.0, 1.9, 2.0, 1.5, 0.9, 0.3 s per 10 s), so a round that takes no less
     * than the one before says nothing. CPU time rather than {@code CompilationMXBean}'s elapsed
     * time, which grows with the machine's other load.
     */
    String warmUpUntilCompiled(int clients, int minSeconds, int maxSeconds, Work... works)
            throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitElapsedBefore = jit.getTotalCompilationTime();
        long started = System.nanoTime();
        List<Long> jitPerRound = new ArrayList<>();
        int roundSeconds = Math.max(1, Math.min(10, minSeconds / 4));
        while (true) {
            double jitMillis = 0;
            for (Work work : works) {
                jitMillis += run(clients, roundSeconds, work, () -> true).cpu().millis(CpuUse.JIT);
            }
            jitPerRound.add(Math.round(jitMillis));
            double elapsed = (System.nanoTime() - started) / 1e9;
            int rounds = jitPerRound.size();
            boolean settled = jitMillis < SETTLED_JIT_SHARE * 1000 * roundSeconds * works.length;
            if (elapsed >= minSeconds && settled || elapsed >= maxSeconds) {
                return String.format(Locale.ROOT, "warm-up %.0f s in %d rounds of %d s per work; JIT CPU ms per"
                        + " round: %s (compilation time over the warm-up: %d ms)", elapsed, rounds, roundSeconds,
                        jitPerRound, jit.getTotalCompilationTime() - jitElapsedBefore);
            }
        }
    }

    /**
     * Waits until the server and PostgreSQL have been idle for two seconds in a row (under 10% of a
     * core together), at most five minutes: what an earlier phase left behind (the outbox's mails,
     * the CRM feed copying thousands of submissions into persons, autovacuum) would otherwise be
     * charged to the next phase's requests, as it once was to the leads after the submissions
     * (more than twice PostgreSQL's time per lead of a lead phase run alone). An idle platform is not
     * silent: its background jobs look for work every second or so, 30 to 70 ms of CPU a second
     * together on the slower machines it ran on, so a bound of 5% waited out the five minutes there.
     * What it waited for, and what was still busy, is printed.
     */
    String awaitQuiet() throws InterruptedException {
        long started = System.nanoTime();
        int quietSeconds = 0;
        CpuUse last = null;
        while (quietSeconds < 2 && System.nanoTime() - started < 300_000_000_000L) {
            CpuSample before = CpuSample.take(postmasterPid);
            Thread.sleep(1000);
            last = CpuSample.take(postmasterPid).since(before);
            double busy = last.postgresMillis() + last.millis(CpuUse.SERVER) + last.millis(CpuUse.OUTBOX)
                    + last.millis(CpuUse.FEED);
            quietSeconds = busy < QUIET_CPU_MILLIS_PER_SECOND ? quietSeconds + 1 : 0;
        }
        return String.format(Locale.ROOT, "waited %.0f s for the server and PostgreSQL to go idle; CPU ms in the"
                + " last second: server %.0f (%s), outbox %.0f, CRM feed %.0f, PostgreSQL %.0f (%s)",
                (System.nanoTime() - started) / 1e9, last.millis(CpuUse.SERVER), last.serverThreads(1),
                last.millis(CpuUse.OUTBOX), last.millis(CpuUse.FEED), last.postgresMillis(), last.postgresProcesses(1));
    }

    /** A throughput phase of the configured length. */
    LoadStats measure(int clients, Work work) throws InterruptedException {
        return run(clients, phaseSeconds, work, () -> true);
    }

    /**
     * A throughput phase whose requests leave work for the server to finish in the background: the
     * phase is timed, and its CPU counted, until {@code caughtUp} says that work is done too.
     */
    LoadStats measure(int clients, Work work, BooleanSupplier caughtUp) throws InterruptedException {
        return run(clients, phaseSeconds, work, caughtUp);
    }

    /** Runs the work from that many threads, each with its own HTTP connection, for that many seconds. */
    private LoadStats run(int clients, int seconds, Work work, BooleanSupplier caughtUp) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        LoadErrors errors = new LoadErrors();
        List<LoadClient> loadClients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(clients);
        CountDownLatch measured = new CountDownLatch(1);
        CpuSample cpuBefore = CpuSample.take(postmasterPid);
        long started = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            LoadClient client = new LoadClient(work, deadline, errors, finished, measured);
            loadClients.add(client);
            Thread thread = new Thread(client, LoadClient.THREAD_PREFIX + t);
            thread.start();
            threads.add(thread);
        }
        finished.await();
        double catchingUp = 0;
        if (!caughtUp.getAsBoolean()) {
            long clientsDone = System.nanoTime();
            do {
                Thread.sleep(5);
            } while (!caughtUp.getAsBoolean());
            catchingUp = (System.nanoTime() - clientsDone) / 1e9;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        CpuUse cpu = CpuSample.take(postmasterPid).since(cpuBefore);
        measured.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long[] all = new long[loadClients.stream().mapToInt(LoadClient::count).sum()];
        long[] answeredAt = new long[all.length];
        int at = 0;
        for (LoadClient client : loadClients) {
            System.arraycopy(client.times(), 0, all, at, client.count());
            System.arraycopy(client.answeredAt(), 0, answeredAt, at, client.count());
            at += client.count();
        }
        LatencyBySecond bySecond = LatencyBySecond.of(started, answeredAt, all);
        Arrays.sort(all);
        errors.printFirst();
        return new LoadStats(all.length, errors.count(), elapsed, all, cpu, catchingUp, bySecond);
    }
}
