package org.matricula.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;

/**
 * A statement through plain JDBC, for the few statements run on every request of the busiest paths
 * (the session, the form, a lead): Jdbi's set-up of a statement (its configuration copy, binding,
 * mapper lookup, logging) cost more CPU than running them, and so did opening a handle (3% of a form
 * view). The connection comes straight from the pool Jdbi uses when one is known ({@link Pool}),
 * else from a handle; either way the statement runs in autocommit, outside any transaction.
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
        DataSource pool = jdbi.getConfig(Pool.class).dataSource;
        if (pool != null) {
            try (Connection connection = pool.getConnection()) {
                return work.on(connection);
            } catch (SQLException e) {
                throw new DatabaseException(failure, e);
            }
        }
        return jdbi.withHandle(handle -> on(handle, failure, work));
    }

    /** Runs the work on the connection of a handle already open, in its transaction if it has one. */
    public static <T> T on(Handle handle, String failure, Work<T> work) {
        try {
            return work.on(handle.getConnection());
        } catch (SQLException e) {
            throw new DatabaseException(failure, e);
        }
    }

    /** The pool behind a Jdbi, kept in its configuration by {@link Database}. */
    public static final class Pool implements JdbiConfig<Pool> {

        private DataSource dataSource;

        public Pool() {
        }

        private Pool(Pool kept) {
            this.dataSource = kept.dataSource;
        }

        void use(DataSource pool) {
            this.dataSource = pool;
        }

        @Override
        public Pool createCopy() {
            return new Pool(this);
        }
    }
}
