package org.matricula.platform.lists;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.PGConnection;

/**
 * Every row of a list query as CSV cells, written by PostgreSQL's COPY and streamed on as it
 * comes. The database formats the rows while the server sends the previous ones, and the server
 * holds no row objects, only a buffer. COPY takes no bind parameters, so the admin's values go in
 * as settings of the transaction ({@code set_config}) and the SQL reads them back with
 * {@code current_setting}: they never become SQL text.
 */
final class ListCopy {

    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):(\\w+)");
    private static final Map<Class<?>, String> TYPES = Map.of(String.class, "text", Long.class, "bigint",
            LocalDate.class, "date", String[].class, "text[]", Long[].class, "bigint[]");

    private final Jdbi jdbi;

    ListCopy(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Writes the rows, without a header, as CSV with CRLF records and formula-guarded cells. */
    void rows(ListQuery query, char separator, Locale locale, OutputStream out) throws IOException {
        Map<String, Object> parameters = ListSql.parameters(query);
        String sql = "COPY (" + select(query, parameters, locale) + ") TO STDOUT (FORMAT csv, DELIMITER '" + separator + "')";
        jdbi.useTransaction(handle -> {
            parameters.forEach((name, value) -> set(handle, name, value));
            CopyCsvFilter csv = new CopyCsvFilter(out, separator);
            try {
                handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyOut(sql, csv);
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException("COPY of the list " + query.definition().name(), e, null);
            }
            csv.flush();
        });
    }

    /** The chosen columns of every row the query's filters let through, in the list's order. */
    static String select(ListQuery query, Map<String, Object> parameters, Locale locale) {
        String columns = query.columns().stream().map(column -> column.exported(locale))
                .collect(Collectors.joining(", "));
        String sql = "SELECT " + columns + " FROM " + query.definition().from() + ListSql.where(query)
                + ListSql.orderBy(query);
        Matcher matcher = PARAMETER.matcher(sql);
        return matcher.replaceAll(found -> parameters.containsKey(found.group(1))
                ? "CAST(current_setting('matricula_list." + found.group(1) + "') AS "
                        + type(parameters.get(found.group(1))) + ")"
                : Matcher.quoteReplacement(found.group()));
    }

    private static String type(Object value) {
        String type = TYPES.get(value.getClass());
        if (type == null) {
            throw new IllegalArgumentException("No SQL type for a list parameter of " + value.getClass());
        }
        return type;
    }

    private static void set(Handle handle, String name, Object value) {
        var statement = handle.createQuery("SELECT set_config(:name, CAST(:value AS text), true)")
                .bind("name", "matricula_list." + name);
        if (value instanceof Object[] array) {
            statement.bindArray("value", array.getClass().getComponentType(), array);
        } else {
            statement.bind("value", value);
        }
        statement.mapTo(String.class).one();
    }
}
