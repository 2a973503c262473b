package org.matricula.platform.registration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A row of {@code declaration_documents} without its content. */
public final class StoredDocumentRowMapper implements RowMapper<StoredDocument> {

    @Override
    public StoredDocument map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredDocument(rs.getObject("id", UUID.class), rs.getObject("declaration_id", UUID.class),
                rs.getString("media_type"), rs.getString("original_name"), rs.getInt("size_bytes"),
                rs.getTimestamp("uploaded_at").toInstant());
    }
}
