package org.matricula.platform.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.matricula.platform.web.CurrentUser;

/** Reads an {@link AccountRow} from the columns of {@code accounts}. */
public final class AccountRowMapper implements RowMapper<AccountRow> {

    @Override
    public AccountRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AccountRow(rs.getObject("id", UUID.class), rs.getString("email"),
                rs.getString("password_hash"), CurrentUser.Role.valueOf(rs.getString("role")),
                rs.getString("display_name"), rs.getString("locale"), instant(rs.getTimestamp("verified_at")),
                instant(rs.getTimestamp("created_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
