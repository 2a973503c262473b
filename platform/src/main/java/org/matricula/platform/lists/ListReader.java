package org.matricula.platform.lists;

import java.lang.reflect.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

/** Reads admin lists: one page with the filtered total, counted up to a limit. */
public final class ListReader {

    /**
     * Rows counted at most for a list's total, past those the current page reaches: enough to
     * tell an admin how much a filter leaves, cheap enough for every page of a million rows.
     */
    public static final long COUNT_LIMIT = 10_000;

    private final Jdbi jdbi;
    private final long countLimit;
    private final CommonTrigrams commonTrigrams = new CommonTrigrams();

    public ListReader(Jdbi jdbi) {
        this(jdbi, COUNT_LIMIT);
    }

    /** A reader counting up to {@code countLimit} rows past those the current page reaches. */
    public ListReader(Jdbi jdbi, long countLimit) {
        if (countLimit < 1) {
            throw new IllegalArgumentException("A list counts at least one row");
        }
        this.jdbi = jdbi;
        this.countLimit = countLimit;
    }

    /**
     * The asked page; one past the end of the list is answered with the last page there is. A page
     * that is not full is the list's end, so its rows give the total and the rows are not counted
     * again. A search (a trigram lookup, the larger part of its page) is looked up once: the ids it
     * finds are fetched rather than counted, and when they are all there (no more than the count's
     * limit) the page is read from them by id.
     */
    public ListPage page(ListQuery asked) {
        return jdbi.withHandle(handle -> {
            boolean searched = !ListSearch.of(asked).words().isEmpty();
            ListQuery query = searched ? asked.withCommonTrigrams(commonTrigrams.of(handle, asked.definition())) : asked;
            long limit = Math.max(countLimit, query.offset() + query.size());
            if (searched && query.definition().onTable(query.definition().id())) {
                List<Object> found = ListSql.bind(planned(handle.createQuery(ListSql.found(query))), query)
                        .bind("count_limit", limit + 1).map((rs, ctx) -> rs.getObject(1)).list();
                if (found.size() <= limit) {
                    return foundPage(handle, query, found);
                }
                return new ListPage(limit, false, query.page(), query.size(), query.columns(), rows(handle, query));
            }
            List<ListRow> rows = rows(handle, query);
            if (rows.size() < query.size() && (!rows.isEmpty() || query.page() == 1)) {
                return new ListPage(query.offset() + rows.size(), true, query.page(), query.size(), query.columns(),
                        rows);
            }
            long counted = ListSql.bind(planned(handle.createQuery(ListSql.count(query))), query)
                    .bind("count_limit", limit + 1).mapTo(Long.class).one();
            if (counted <= limit && query.page() > 1 && query.offset() >= counted) {
                query = lastPage(query, counted);
                rows = rows(handle, query);
            }
            return new ListPage(Math.min(counted, limit), counted <= limit, query.page(), query.size(),
                    query.columns(), rows);
        });
    }

    /** The page of the rows whose ids are {@code found}: all the list's rows, so their number is the total. */
    private static ListPage foundPage(Handle handle, ListQuery asked, List<Object> found) {
        ListQuery query = asked.page() > 1 && asked.offset() >= found.size() ? lastPage(asked, found.size()) : asked;
        List<ListRow> rows = List.of();
        if (!found.isEmpty()) {
            Object[] ids = found.toArray((Object[]) Array.newInstance(found.get(0).getClass(), 0));
            rows = ListSql.bind(planned(handle.createQuery(ListSql.selectFound(query))), query)
                    .bindArray(ListSql.FOUND, ids.getClass().getComponentType(), ids)
                    .bind("limit", query.size()).bind("offset", query.offset()).map(ListReader::row).list();
        }
        return new ListPage(found.size(), true, query.page(), query.size(), query.columns(), rows);
    }

    private static ListQuery lastPage(ListQuery query, long total) {
        return query.atPage((int) Math.max(1, (total + query.size() - 1) / query.size()));
    }

    private static List<ListRow> rows(Handle handle, ListQuery query) {
        return ListSql.bind(planned(handle.createQuery(ListSql.select(query))), query)
                .bind("limit", query.size()).bind("offset", query.offset()).map(ListReader::row).list();
    }

    /**
     * Plans the query for its own values every time. The driver would otherwise switch to a
     * server-side prepared statement after a few runs, and PostgreSQL to a generic plan that has
     * to guess how selective a search word or a filter is: a common word then gets looked up in
     * the trigram index, 300 ms instead of 10.
     */
    private static Query planned(Query query) {
        return query.addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
        });
    }

    private static ListRow row(ResultSet rs, StatementContext context) throws SQLException {
        int count = rs.getMetaData().getColumnCount();
        List<String> values = new ArrayList<>(count - 1);
        for (int i = 2; i <= count; i++) {
            // A moment goes on as an ISO instant in UTC, to be shown in the reader's zone and format.
            values.add(rs.getObject(i) instanceof Timestamp moment ? moment.toInstant().toString() : rs.getString(i));
        }
        return new ListRow(rs.getString(1), values);
    }
}
