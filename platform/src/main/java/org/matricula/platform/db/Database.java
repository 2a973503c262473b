package org.matricula.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Arguments;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The platform's PostgreSQL: a HikariCP pool, Jdbi on top of it, and the platform schema
 * migrated by Flyway. Plugins get their own schemas through {@link SchemaDataSource}.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final AutoCloseable embedded;
    private volatile boolean migrated;

    private Database(HikariDataSource pool, AutoCloseable embedded) {
        this.pool = pool;
        this.embedded = embedded;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        jdbi.getConfig(PlainJdbc.Pool.class).use(pool);
        jdbi.registerArgument(new KeptArgumentPreparations(jdbi.getConfig(Arguments.class)));
    }

    /** Connects to a server, wrapping failures in a message that says where it tried to connect. */
    public static Database connect(String url, String user, String password, int poolSize, MeterRegistry registry,
            AutoCloseable embedded) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("matricula");
        config.setMetricRegistry(registry);
        config.setInitializationFailTimeout(10_000);
        try {
            return new Database(new HikariDataSource(config), embedded);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw new DatabaseException("Cannot connect to PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Applies the platform's own migrations ({@code db/migration/platform}). */
    public void migrate() {
        migrations().load().migrate();
        migrated = true;
    }

    /** Where the platform's migrations are and where they apply; restoring a backup migrates with a target. */
    public FluentConfiguration migrations() {
        return Flyway.configure(getClass().getClassLoader())
                .dataSource(pool)
                .locations("classpath:db/migration/platform");
    }

    public boolean isMigrated() {
        return migrated;
    }

    /** Whether a connection can be had and answers; for readiness checks. */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * A connection of its own, outside the pool, for a task that holds one for the life of the
     * node (listening for notifications) and so must not take a request's place in the pool.
     * TCP keepalive lets an idle one notice a dead server.
     */
    public Connection openDedicated() throws SQLException {
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Runs work in one transaction and returns its result. */
    public <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(handle -> work.get());
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort at shutdown; the embedded server logs its own trouble
        }
    }
}
