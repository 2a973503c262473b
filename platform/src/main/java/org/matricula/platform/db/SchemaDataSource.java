package org.matricula.platform.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections from the platform pool whose search path is one schema, so a plugin's SQL never
 * names (or sees, without qualifying) the platform's tables.
 */
public final class SchemaDataSource implements DataSource {

    private final DataSource pool;
    private final String schema;

    public SchemaDataSource(DataSource pool, String schema) {
        this.pool = pool;
        this.schema = schema;
    }

    /** The schema name quoted for SQL; plugin ids may contain hyphens. */
    public static String quote(String schema) {
        return '"' + schema.replace("\"", "\"\"") + '"';
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = pool.getConnection();
        try (Statement statement = connection.createStatement()) {
            // Reset when the connection returns to the pool (Hikari resets nothing of search_path).
            statement.execute("SET search_path TO " + quote(schema));
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new SearchPathResettingConnection(connection).proxy();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
