package org.matricula.platform.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for what a node learns a moment after the database does: a change made by SQL, or on
 * another node, reaches what each node keeps in memory through PostgreSQL's notifications.
 */
public final class Eventually {

    private Eventually() {
    }

    /** Checks {@code condition} every 20 ms until it holds; fails with {@code what} after {@code within}. */
    public static void holds(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " (waited " + within.toMillis() + " ms)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting: " + what, e);
            }
        }
    }

    /** As {@link #holds(String, Duration, BooleanSupplier)} within five seconds: for a change made by SQL in a test. */
    public static void holds(String what, BooleanSupplier condition) {
        holds(what, Duration.ofSeconds(5), condition);
    }
}
