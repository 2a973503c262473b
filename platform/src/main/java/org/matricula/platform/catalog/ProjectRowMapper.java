package org.matricula.platform.catalog;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A row of {@code projects}. */
public final class ProjectRowMapper implements RowMapper<Project> {

    @Override
    public Project map(ResultSet rs, StatementContext ctx) throws SQLException {
        Date openUntil = rs.getDate("open_until");
        return new Project(rs.getLong("id"), rs.getString("slug"), rs.getString("name"), rs.getString("description"),
                rs.getString("family_id"), rs.getBoolean("active"), rs.getString("digest_recipients"),
                openUntil == null ? null : openUntil.toLocalDate(), PerLanguage.read(rs.getString("name_i18n")),
                PerLanguage.read(rs.getString("description_i18n")));
    }
}
