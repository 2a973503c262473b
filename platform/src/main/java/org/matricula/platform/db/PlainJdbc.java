package org.matricula.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;

/**
 * A statement through plain JDBC on the connection of a Jdbi handle, for the few statements run on
 * every request of the busiest paths (the session, the form, a lead): Jdbi's set-up of a statement
 * (its configuration copy, binding, mapper lookup, logging) cost more CPU than running them. The
 * handle, its pool and its transaction stay Jdbi's.
 */
public final class PlainJdbc {

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private PlainJdbc() {
    }

    /**
     * Runs the work on a handle's connection; a failure becomes a {@link DatabaseException} saying
     * what could not be done.
     */
    public static <T> T run(Jdbi jdbi, String failure, Work<T> work) {
        return jdbi.withHandle(handle -> {
            try {
                return work.on(handle.getConnection());
            } catch (SQLException e) {
                throw new DatabaseException(failure, e);
            }
        });
    }
}
