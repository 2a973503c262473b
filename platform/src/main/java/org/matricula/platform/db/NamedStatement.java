package org.matricula.platform.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;

/**
 * SQL with {@code :named} parameters, as Jdbi writes it, parsed once (by Jdbi's own parser) into
 * JDBC's positional form: for a statement of the busiest path run through {@link PlainJdbc}, with
 * the same text as everywhere else.
 */
public final class NamedStatement {

    private final String sql;
    private final List<String> names;

    private NamedStatement(String sql, List<String> names) {
        this.sql = sql;
        this.names = names;
    }

    public static NamedStatement of(String sql) {
        ParsedSql parsed = new ColonPrefixSqlParser().parse(sql, null);
        return new NamedStatement(parsed.getSql(), List.copyOf(parsed.getParameters().getParameterNames()));
    }

    /**
     * The statement prepared on the connection with each parameter bound from {@code values}: a
     * {@code String[]} as a {@code text[]}, {@code null} as a text's null, anything else as JDBC binds it.
     *
     * @throws IllegalArgumentException when a parameter has no value
     */
    public PreparedStatement prepare(Connection connection, Map<String, ?> values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!values.containsKey(name)) {
                    throw new IllegalArgumentException("No value for :" + name);
                }
                Object value = values.get(name);
                if (value == null) {
                    statement.setNull(i + 1, Types.VARCHAR);
                } else if (value instanceof String[] texts) {
                    Array array = connection.createArrayOf("text", texts);
                    statement.setArray(i + 1, array);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
