package org.matricula.platform.testing;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The tests' PostgreSQL commits without waiting for the disk, for speed ({@link TestPostgres}); a
 * test of which commits wait for it runs on a connection set as the platform's own database is.
 */
public final class DurableCommits {

    private DurableCommits() {
    }

    /** Runs the work on one connection whose commits wait for the disk, then sets it back. */
    public static <X extends Exception> void on(Jdbi jdbi, HandleConsumer<X> work) throws X {
        jdbi.useHandle(handle -> {
            handle.execute("SET synchronous_commit = on");
            try {
                work.useHandle(handle);
            } finally {
                handle.execute("RESET synchronous_commit");
            }
        });
    }

    /** {@code on} when the handle's current transaction (or next statement) commits durably, else {@code off}. */
    public static String setting(Handle handle) {
        return handle.createQuery("SHOW synchronous_commit").mapTo(String.class).one();
    }
}
