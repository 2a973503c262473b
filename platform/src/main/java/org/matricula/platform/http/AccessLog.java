package org.matricula.platform.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The access log, one line per request, written by a thread of its own so that no request waits
 * for the console (or whatever the logging configuration writes to). Nothing is dropped: when
 * the queue is full the request writes its line itself, and {@link #close} waits until every
 * queued line is written, so a graceful stop loses none.
 */
final class AccessLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("matricula.access");
    private static final int QUEUED_LINES = 8192;

    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED_LINES), runnable -> {
                Thread thread = new Thread(runnable, "access-log");
                thread.setDaemon(true);
                return thread;
            }, (line, executor) -> line.run());

    /** Queues the line of a finished request, logged with its request id as the request's own lines are. */
    void request(String requestId, String method, Object route, int status, long millis) {
        writer.execute(() -> {
            MDC.put(RequestIdFilter.MDC_KEY, requestId);
            try {
                log.info("{} {} {} {}ms", method, route, status, millis);
            } finally {
                MDC.remove(RequestIdFilter.MDC_KEY);
            }
        });
    }

    /** Writes every queued line, then stops the writer; called once the server has stopped taking requests. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The access log could not write its last {} lines", writer.getQueue().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
