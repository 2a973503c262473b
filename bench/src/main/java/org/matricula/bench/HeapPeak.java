package org.matricula.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap this JVM used between start and stop, polled every 5 ms from a daemon thread;
 * measured after a {@code System.gc()} so that the baseline holds only live objects.
 */
final class HeapPeak {

    private final long baseline;
    private final AtomicLong peak;
    private final Thread poll;

    private HeapPeak(long baseline, AtomicLong peak, Thread poll) {
        this.baseline = baseline;
        this.peak = peak;
        this.poll = poll;
    }

    static HeapPeak start() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread poll = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poll.setDaemon(true);
        poll.start();
        return new HeapPeak(baseline, peak, poll);
    }

    void stop() throws InterruptedException {
        poll.interrupt();
        poll.join();
    }

    long baselineBytes() {
        return baseline;
    }

    long peakBytes() {
        return peak.get();
    }
}
