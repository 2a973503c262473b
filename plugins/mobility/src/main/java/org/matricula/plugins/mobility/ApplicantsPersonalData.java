package org.matricula.plugins.mobility;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matricula.api.DataSubject;
import org.matricula.api.PersonalDataHolder;
import org.matricula.api.PluginContext;
import org.pf4j.Extension;

/**
 * The applicants' names this plugin copies into {@code new_declarations} for the coordinator's
 * digest: part of the applicant's data download, and deleted when their account is erased.
 */
@Extension
public final class ApplicantsPersonalData implements PersonalDataHolder {

    private final PluginContext context;

    public ApplicantsPersonalData(PluginContext context) {
        this.context = context;
    }

    @Override
    public Map<String, Object> export(DataSubject subject) throws SQLException {
        List<Map<String, Object>> waiting = new ArrayList<>();
        try (Connection connection = context.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT number, program, institute, applicant, received_at FROM new_declarations
                     WHERE number = ANY (?) ORDER BY received_at, number""")) {
            select.setArray(1, numbers(connection, subject));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("number", rows.getString("number"));
                    row.put("program", rows.getString("program"));
                    row.put("institute", rows.getString("institute"));
                    row.put("applicant", rows.getString("applicant"));
                    row.put("receivedAt", rows.getTimestamp("received_at").toInstant().toString());
                    waiting.add(row);
                }
            }
        }
        return waiting.isEmpty() ? Map.of() : Map.of("awaitingCoordinatorDigest", waiting);
    }

    @Override
    public void erase(DataSubject subject) throws SQLException {
        try (Connection connection = context.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM new_declarations WHERE number = ANY (?)")) {
            delete.setArray(1, numbers(connection, subject));
            delete.executeUpdate();
        }
    }

    private static Array numbers(Connection connection, DataSubject subject) throws SQLException {
        return connection.createArrayOf("text", subject.declarationNumbers().toArray());
    }
}
