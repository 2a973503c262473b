package org.matricula.platform.lists;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads admin lists: one page with the filtered total, or every row streamed for an export. */
public final class ListReader {

    /** Rows fetched per round trip when streaming; memory stays flat whatever the number of rows. */
    public static final int FETCH_SIZE = 500;

    private final Jdbi jdbi;

    public ListReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public ListPage page(ListQuery query) {
        return jdbi.withHandle(handle -> {
            long total = ListSql.bind(handle.createQuery(ListSql.count(query)), query).mapTo(Long.class).one();
            List<ListRow> rows = ListSql.bind(handle.createQuery(ListSql.select(query, true)), query)
                    .bind("limit", query.size()).bind("offset", query.offset()).map(ListReader::row).list();
            return new ListPage(total, query.page(), query.size(), query.columns(), rows);
        });
    }

    /**
     * Hands every row of the query to the sink as it arrives. PostgreSQL's driver only reads
     * through a cursor, {@link #FETCH_SIZE} rows at a time, when autocommit is off, hence the
     * transaction around a read.
     */
    public void stream(ListQuery query, Consumer<ListRow> sink) {
        jdbi.useTransaction(handle -> ListSql.bind(handle.createQuery(ListSql.select(query, false)), query)
                .setFetchSize(FETCH_SIZE).map(ListReader::row).forEach(sink));
    }

    private static ListRow row(ResultSet rs, StatementContext context) throws SQLException {
        int count = rs.getMetaData().getColumnCount();
        List<String> values = new ArrayList<>(count - 1);
        for (int i = 2; i <= count; i++) {
            values.add(rs.getString(i));
        }
        return new ListRow(rs.getString(1), values);
    }
}
