package org.matricula.platform.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The access log, one line per request, written by a thread of its own so that no request waits
 * for the console (or whatever the logging configuration writes to). A request only queues its
 * line; the writer wakes a few times a second and writes whatever has queued since. Waking it for
 * each line, as a busy server would, costs a switch of threads on a busy core per request.
 * Nothing is dropped: when the queue is full the request writes its line itself, and
 * {@link #close} writes every queued line, so a graceful stop loses none.
 */
final class AccessLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("matricula.access");
    private static final int QUEUED_LINES = 8192;
    /** Lines show up at most this late; at a thousand requests a second a wake-up writes a hundred. */
    private static final Duration PAUSE = Duration.ofMillis(100);
    private static final int LINES_PER_WRITE = 1024;

    private final BlockingQueue<Line> queue;
    private final long pauseNanos;
    private final Thread writer;
    private final AtomicLong wakeUps = new AtomicLong();
    private volatile boolean closing;

    AccessLog() {
        this(QUEUED_LINES, PAUSE);
    }

    AccessLog(int queuedLines, Duration pause) {
        this.queue = new ArrayBlockingQueue<>(queuedLines);
        this.pauseNanos = pause.toNanos();
        this.writer = new Thread(this::writeQueued, "access-log");
        writer.setDaemon(true);
        writer.start();
    }

    private record Line(String requestId, String method, Object route, int status, long millis) {

        /** Logged with the request's id, as the request's own lines are. */
        void write() {
            MDC.put(RequestIdFilter.MDC_KEY, requestId);
            try {
                log.info("{} {} {} {}ms", method, route, status, millis);
            } finally {
                MDC.remove(RequestIdFilter.MDC_KEY);
            }
        }
    }

    /** Queues the line of a finished request; the request writes it itself when the queue is full. */
    void request(String requestId, String method, Object route, int status, long millis) {
        Line line = new Line(requestId, method, route, status, millis);
        if (!queue.offer(line)) {
            line.write();
        } else if (closing) {
            // the writer may have made its last round before this line was queued
            writeAll();
        }
    }

    /** How often the writer has woken to write what queued (for tests). */
    long wakeUps() {
        return wakeUps.get();
    }

    private void writeQueued() {
        List<Line> lines = new ArrayList<>(LINES_PER_WRITE);
        boolean last;
        do {
            last = closing;
            wakeUps.incrementAndGet();
            writeAll(lines);
            if (!last) {
                pause();
            }
        } while (!last);
    }

    /** Sleeps until the next round is due or the log closes, whatever else wakes the thread. */
    private void pause() {
        long due = System.nanoTime() + pauseNanos;
        for (long left = pauseNanos; left > 0 && !closing; left = due - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
            Thread.interrupted(); // only close() ends the writer; a stray interrupt must not make it spin
        }
    }

    private void writeAll() {
        writeAll(new ArrayList<>());
    }

    private void writeAll(List<Line> lines) {
        while (queue.drainTo(lines, LINES_PER_WRITE) > 0) {
            lines.forEach(Line::write);
            lines.clear();
        }
    }

    /** Writes every queued line, then stops the writer; called once the server has stopped taking requests. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("The access log could not write its last {} lines", queue.size());
        }
    }
}
