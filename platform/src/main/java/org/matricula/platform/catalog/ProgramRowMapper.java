package org.matricula.platform.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A row of {@code programs}; a NULL number of places means the program is not limited. */
public final class ProgramRowMapper implements RowMapper<Program> {

    @Override
    public Program map(ResultSet rs, StatementContext ctx) throws SQLException {
        int places = rs.getInt("places");
        Integer limited = rs.wasNull() ? null : places;
        return new Program(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("description"),
                rs.getBoolean("active"), limited, rs.getBoolean("waitlist"), rs.getInt("taken"),
                PerLanguage.read(rs.getString("name_i18n")), PerLanguage.read(rs.getString("description_i18n")));
    }
}
