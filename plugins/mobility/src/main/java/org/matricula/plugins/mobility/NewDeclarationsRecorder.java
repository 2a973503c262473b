package org.matricula.plugins.mobility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.matricula.api.PluginContext;
import org.matricula.api.event.DeclarationListener;
import org.matricula.api.event.DeclarationSubmitted;
import org.pf4j.Extension;

/** Notes each new declaration in the plugin's own schema, for the coordinator's digest. */
@Extension
public final class NewDeclarationsRecorder implements DeclarationListener {

    private final PluginContext context;

    public NewDeclarationsRecorder(PluginContext context) {
        this.context = context;
    }

    @Override
    public boolean appliesTo(String familyId) {
        return MobilityFamily.ID.equals(familyId);
    }

    @Override
    public void onSubmitted(DeclarationSubmitted event) throws SQLException {
        try (Connection connection = context.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO new_declarations (event_id, number, program, institute, applicant)
                     VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""")) {
            insert.setObject(1, event.eventId());
            insert.setString(2, event.number());
            insert.setString(3, event.programTitle());
            insert.setString(4, event.values().getOrDefault("institute", ""));
            insert.setString(5, event.values().getOrDefault("lastName", "") + " "
                    + event.values().getOrDefault("firstName", ""));
            insert.executeUpdate();
        }
    }
}
