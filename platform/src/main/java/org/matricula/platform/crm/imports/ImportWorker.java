package org.matricula.platform.crm.imports;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.matricula.platform.errors.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queued imports in the background, chunk after chunk, on every node; the import lock
 * lets one node at a time take a chunk, and another carries on where a stopped node left off.
 */
public final class ImportWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);

    private final PersonImports imports;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "crm-import");
        thread.setDaemon(true);
        return thread;
    });

    public ImportWorker(PersonImports imports) {
        this.imports = imports;
    }

    public void start(Duration tick) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                while (!Thread.currentThread().isInterrupted() && imports.runChunk()) {
                    // the next chunk
                }
            } catch (Throwable e) {
                // the next tick comes all the same, as it would not after a scheduled task threw
                Failures.rethrowJvmFailure(e);
                log.warn("A person import could not go on: {}", Failures.rootMessage(e));
                log.debug("Person import failed", e);
            }
        }, 0, Math.max(100, tick.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
