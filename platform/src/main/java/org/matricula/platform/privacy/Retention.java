package org.matricula.platform.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.RepeatedWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anonymizes withdrawn and rejected declarations once the retention period has passed since
 * their last status change, as erasure does. Each batch claims its declarations with
 * {@code FOR UPDATE SKIP LOCKED}, so nodes running at once share the work and none is done twice.
 */
public final class Retention implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    // Small transactions: a large backlog never holds locks or a transaction open for long.
    private static final int BATCH = 200;

    private final Jdbi jdbi;
    private final Duration period;
    private final Clock clock;
    private final DeclarationScrub declarations = new DeclarationScrub();
    private final MailTraces mails = new MailTraces();
    private final RepeatedWork repeated = new RepeatedWork("privacy-retention", Retention.class,
            "Retention of personal data failed this round and will be retried");

    /** @param period how long closed declarations are kept; zero keeps them forever */
    public Retention(Jdbi jdbi, Duration period, Clock clock) {
        this.jdbi = jdbi;
        this.period = period;
        this.clock = clock;
    }

    /** Runs every tick, the first one tick after the start. */
    public void start(Duration tick) {
        repeated.start(tick, this::run);
    }

    /**
     * Anonymizes every declaration that is due; answers how many this run did. Also tidies the
     * mail log after erasures, which is why it runs even when declarations are kept forever.
     */
    public int run() {
        int late = jdbi.inTransaction(mails::sweepLate);
        if (late > 0) {
            log.info("Retention: blanked {} mail-log entries of erased recipients", late);
        }
        if (period.isZero()) {
            return 0;
        }
        Instant now = clock.instant();
        Instant cutoff = now.minus(period);
        int total = 0;
        int batch;
        do {
            batch = jdbi.inTransaction(handle -> anonymizeBatch(handle, cutoff, now));
            total += batch;
        } while (batch == BATCH);
        log.info("Retention: anonymized {} withdrawn or rejected declarations last changed before {}", total, cutoff);
        return total;
    }

    private int anonymizeBatch(Handle handle, Instant cutoff, Instant now) {
        List<UUID> due = handle.createQuery("""
                SELECT id FROM declarations
                WHERE status IN ('WITHDRAWN', 'REJECTED') AND anonymized_at IS NULL AND updated_at < :cutoff
                ORDER BY updated_at, id LIMIT :batch FOR UPDATE SKIP LOCKED""")
                .bind("cutoff", cutoff).bind("batch", BATCH).mapTo(UUID.class).list();
        mails.blot(handle, declarations.scrub(handle, due, now).all());
        return due.size();
    }

    @Override
    public void close() {
        repeated.close();
    }
}
