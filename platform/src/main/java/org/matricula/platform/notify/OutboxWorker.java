package org.matricula.platform.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out outbox entries. Entries are claimed with {@code FOR UPDATE SKIP LOCKED}, so any
 * number of nodes can run a worker on one database; a claim is a lease ({@code outbox.lease}):
 * if this node dies mid-way, the entry becomes due again when the lease runs out and another
 * start or node carries it out. An entry handed over before such a death, but not yet marked done
 * (a batch is marked at its end), is handed over again, which is why mails and events carry the
 * entry's idempotency key. Failures retry with
 * exponential backoff; after {@link #MAX_ATTEMPTS} an entry is DEAD and waits for an admin.
 */
public final class OutboxWorker implements AutoCloseable {

    static final int MAX_ATTEMPTS = 10;
    /** The default of {@code outbox.lease}. */
    static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
    /**
     * Entries claimed at a time: a handler's entries in one batch are read and logged with a few
     * statements, and the batch is marked done with one.
     */
    private static final int BATCH = 50;

    private final Jdbi jdbi;
    private final Map<String, OutboxHandler> handlers;
    private final Duration lease;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-worker");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxWorker(Jdbi jdbi, Map<String, OutboxHandler> handlers) {
        this(jdbi, handlers, DEFAULT_LEASE);
    }

    /**
     * @param lease how long a claimed entry stays this worker's; it must be longer than carrying
     *     out one batch takes, or another node may take an entry this one is still working on
     */
    public OutboxWorker(Jdbi jdbi, Map<String, OutboxHandler> handlers, Duration lease) {
        this.jdbi = jdbi;
        this.handlers = Map.copyOf(handlers);
        this.lease = lease;
    }

    public void start(Duration pollInterval) {
        scheduler.scheduleWithFixedDelay(this::drainSafely, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * One poll, whose failure (the database out of reach, say) is logged: the worker polls again
     * next time, as a scheduled task that throws is not.
     */
    private void drainSafely() {
        try {
            drain();
        } catch (Throwable e) {
            Failures.rethrowJvmFailure(e);
            log.warn("Outbox entries could not be carried out on this poll, tried again at the next: {}",
                    Failures.rootMessage(e));
            log.debug("Outbox poll failed", e);
        }
    }

    /**
     * Carries out every entry due when it looks; returns how many were handled (successfully or
     * not). It claims again at once only after a full batch: entries queued meanwhile wait for the
     * next poll, so that under a stream of submissions a poll takes them in full batches rather
     * than chasing the stream a few entries at a time.
     */
    public int drain() {
        int handled = 0;
        List<OutboxItem> batch;
        do {
            batch = claim();
            Map<Long, Throwable> failed = carryOut(batch);
            List<Long> done = new ArrayList<>(batch.size());
            for (OutboxItem item : batch) {
                Throwable failure = failed.get(item.id());
                if (failure == null) {
                    done.add(item.id());
                } else {
                    fail(item, failure);
                }
            }
            markDone(done);
            handled += batch.size();
        } while (batch.size() == BATCH);
        return handled;
    }

    /**
     * Hands the batch's entries to their handlers, all of one handler's at once (a handler may
     * serve several kinds), handlers in the order their entries first come; answers the failures
     * by entry id. A handler that fails as a whole, with an exception or an error, fails all its
     * entries of the batch, which are retried as any failed entry.
     */
    private Map<Long, Throwable> carryOut(List<OutboxItem> batch) {
        Map<OutboxHandler, List<OutboxItem>> byHandler = new LinkedHashMap<>();
        Map<Long, Throwable> failed = new HashMap<>();
        for (OutboxItem item : batch) {
            OutboxHandler handler = handlers.get(item.kind());
            if (handler == null) {
                failed.put(item.id(), new IllegalStateException("no handler for outbox kind '" + item.kind() + "'"));
            } else {
                byHandler.computeIfAbsent(handler, each -> new ArrayList<>()).add(item);
            }
        }
        byHandler.forEach((handler, items) -> {
            try {
                failed.putAll(handler.handleAll(items));
            } catch (Throwable e) {
                Failures.rethrowJvmFailure(e);
                log.debug("Outbox handler of {} failed", items.get(0).kind(), e);
                items.forEach(item -> failed.put(item.id(), e));
            }
        });
        return failed;
    }

    /**
     * Marks the batch's entries carried out, with one statement: until then they are claimed, and a
     * node dying first leaves them to be handed over again when their lease runs out, each with its
     * idempotency key, as an entry handed over just before a death always was.
     */
    private void markDone(List<Long> done) {
        if (!done.isEmpty()) {
            jdbi.useHandle(h -> h.createUpdate(
                    "UPDATE outbox SET status = 'DONE', done_at = now(), last_error = NULL WHERE id = ANY(:ids)")
                    .bindArray("ids", Long.class, done.toArray()).execute());
        }
    }

    private List<OutboxItem> claim() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                UPDATE outbox o SET attempts = o.attempts + 1,
                       next_attempt_at = now() + make_interval(secs => :lease)
                FROM (SELECT id FROM outbox WHERE status = 'PENDING' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at, id LIMIT :batch FOR UPDATE SKIP LOCKED) due
                WHERE o.id = due.id
                RETURNING o.id, o.kind, o.target, o.payload::text AS payload, o.idempotency_key, o.attempts""")
                .bind("batch", BATCH).bind("lease", lease.toMillis() / 1000.0)
                .map((rs, ctx) -> new OutboxItem(rs.getLong("id"), rs.getString("kind"), rs.getString("target"),
                        rs.getString("payload"), rs.getObject("idempotency_key", java.util.UUID.class),
                        rs.getInt("attempts")))
                .list()
                .stream()
                // in the order they were queued, which the statement's answer need not keep
                .sorted(java.util.Comparator.comparingLong(OutboxItem::id))
                .toList());
    }

    private void fail(OutboxItem item, Throwable e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        boolean dead = item.attempts() >= MAX_ATTEMPTS;
        long delaySeconds = backoffSeconds(item.attempts());
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE outbox SET status = :status, last_error = :error,
                       next_attempt_at = now() + make_interval(secs => :delay) WHERE id = :id""")
                .bind("status", dead ? "DEAD" : "PENDING").bind("error", error).bind("delay", delaySeconds)
                .bind("id", item.id()).execute());
        log.warn("Outbox entry {} ({} {}) failed on attempt {}: {}{}", item.id(), item.kind(),
                item.target() == null ? "" : item.target(), item.attempts(), error,
                dead ? "; given up, now in the dead-letter list" : "; retrying in " + delaySeconds + "s");
    }

    /** 1s, 2s, 4s ... capped at one hour. */
    static long backoffSeconds(int attempts) {
        return Math.min(3600L, 1L << Math.min(attempts - 1, 12));
    }

    /** Puts a dead entry back in line, for an admin's retry. */
    public boolean retry(long id) {
        return new DeadLetters(jdbi).retry(id);
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
