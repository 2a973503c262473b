package org.matricula.platform.registration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.matricula.platform.catalog.PerLanguage;

/** A row of {@link DeclarationDao#SELECT} as a declaration. */
public final class DeclarationRowMapper implements RowMapper<Declaration> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() { };

    @Override
    public Declaration map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Declaration(rs.getObject("id", UUID.class), rs.getString("number"),
                rs.getObject("account_id", UUID.class), rs.getLong("project_id"), rs.getString("project_name"),
                rs.getString("project_slug"), rs.getLong("program_id"), rs.getString("program_code"),
                rs.getString("program_name"), rs.getString("family_id"), Status.valueOf(rs.getString("status")),
                rs.getBoolean("holds_place"), values(rs.getString("values")), rs.getString("full_name"),
                rs.getString("email"), rs.getString("category"), rs.getString("organization"),
                Locale.forLanguageTag(rs.getString("locale")), rs.getTimestamp("submitted_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), PerLanguage.read(rs.getString("project_names")),
                PerLanguage.read(rs.getString("program_names")));
    }

    static Map<String, String> values(String json) throws SQLException {
        try {
            return JSON.readValue(json, VALUES);
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored declaration values are not a JSON object", e);
        }
    }
}
