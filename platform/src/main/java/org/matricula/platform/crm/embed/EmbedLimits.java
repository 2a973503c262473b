package org.matricula.platform.crm.embed;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.http.ClientAddresses;

/**
 * How often one client address may post a lead form (counted in the database, so the limit holds
 * across nodes) and report page views (counted per node: a visit more or less is no harm).
 */
final class EmbedLimits {

    static final int LEADS_PER_WINDOW = 5;
    static final Duration LEAD_WINDOW = Duration.ofMinutes(10);
    static final int VISITS_PER_MINUTE = 120;

    private final Jdbi jdbi;
    private final ConcurrentHashMap<String, AtomicInteger> visitsThisMinute = new ConcurrentHashMap<>();
    private volatile long minute = currentMinute();

    EmbedLimits(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Counts a lead-form post from the address; false when the address has posted too often. */
    boolean leadAllowed(String address) {
        if (ThreadLocalRandom.current().nextInt(100) == 0) {
            jdbi.useHandle(handle -> handle.execute("DELETE FROM lead_form_posts WHERE at < now() - interval '1 day'"));
        }
        int earlier = jdbi.withHandle(handle -> handle.createQuery("""
                WITH counted AS (INSERT INTO lead_form_posts (address) VALUES (:address))
                SELECT count(*) FROM lead_form_posts WHERE address = :address AND at > now() - CAST(:window AS interval)""")
                .bind("address", ClientAddresses.limitKey(address)).bind("window", LEAD_WINDOW.toSeconds() + " seconds")
                .mapTo(Integer.class).one());
        return earlier < LEADS_PER_WINDOW;
    }

    /** Counts a page view from the address; false past the per-minute limit. */
    boolean visitAllowed(String address) {
        long now = currentMinute();
        if (now != minute) {
            visitsThisMinute.clear();
            minute = now;
        }
        return visitsThisMinute.computeIfAbsent(ClientAddresses.limitKey(address), key -> new AtomicInteger()).incrementAndGet()
                <= VISITS_PER_MINUTE;
    }

    private static long currentMinute() {
        return System.currentTimeMillis() / 60_000;
    }
}
