package org.matricula.platform.registration;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A row of a declaration's history. */
public final class HistoryRowMapper implements RowMapper<HistoryEntry> {

    @Override
    public HistoryEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
        String from = rs.getString("from_status");
        return new HistoryEntry(from == null ? null : Status.valueOf(from), Status.valueOf(rs.getString("to_status")),
                rs.getString("comment"), rs.getString("actor_email"), rs.getTimestamp("created_at").toInstant());
    }
}
