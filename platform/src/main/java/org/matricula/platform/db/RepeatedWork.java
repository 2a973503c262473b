package org.matricula.platform.db;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.matricula.platform.errors.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work a node repeats on a daemon thread of its own, a tick after each run ends: catching up with
 * records, sending what has come due. A run that fails, with an exception or an error (a plugin's
 * code may throw either), is logged (under the owner's name) and the work is tried again a tick
 * later; only the JVM failing ({@link Failures#isJvmFailure}) ends it. A run that gave way to a
 * person's transaction ({@link GivingWay}) is just tried again.
 */
public final class RepeatedWork implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final Logger log;
    private final String failure;

    /**
     * @param thread  the thread's name, as thread dumps show it
     * @param owner   whose logger reports a failed run
     * @param failure what a failed run means, for the log ("Task reminders could not be sent")
     */
    public RepeatedWork(String thread, Class<?> owner, String failure) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread named = new Thread(runnable, thread);
            named.setDaemon(true);
            return named;
        });
        this.log = LoggerFactory.getLogger(owner);
        this.failure = failure;
    }

    /** Runs {@code work} a tick from now and then a tick after each run. */
    public void start(Duration tick, Runnable work) {
        start(tick, tick, work);
    }

    /** Runs {@code work} after {@code first} and then a tick after each run. */
    public void start(Duration first, Duration tick, Runnable work) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                // whatever one run threw, the work goes on, as a scheduled task that throws would not
                Failures.rethrowJvmFailure(e);
                if (GivingWay.gaveWay(e)) {
                    log.debug("{}: gave way to a change of the same rows, tried again next time", failure);
                } else {
                    log.warn("{}: {}", failure, Failures.rootMessage(e));
                    log.debug("{}", failure, e);
                }
            }
        }, first.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
