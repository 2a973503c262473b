package org.matricula.platform.privacy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.matricula.api.DataSubject;
import org.matricula.api.PersonalDataHolder;
import org.matricula.api.PluginContext;

/** A plugin's own table of applicants' names by declaration number, as a coordinator's digest keeps them. */
public class PersonalNotes implements PersonalDataHolder {

    private final PluginContext context;

    public PersonalNotes(PluginContext context) {
        this.context = context;
    }

    @Override
    public Map<String, Object> export(DataSubject subject) throws SQLException {
        List<Map<String, Object>> notes = new ArrayList<>();
        try (Connection connection = context.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT number, applicant FROM notes WHERE number = ANY (?) ORDER BY number")) {
            select.setArray(1, numbers(connection, subject));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    notes.add(Map.of("number", rows.getString(1), "applicant", rows.getString(2)));
                }
            }
        }
        return notes.isEmpty() ? Map.of() : Map.of("notes", notes);
    }

    @Override
    public void erase(DataSubject subject) throws SQLException {
        try (Connection connection = context.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM notes WHERE number = ANY (?)")) {
            delete.setArray(1, numbers(connection, subject));
            delete.executeUpdate();
        }
    }

    private static Array numbers(Connection connection, DataSubject subject) throws SQLException {
        return connection.createArrayOf("text", subject.declarationNumbers().toArray());
    }
}
