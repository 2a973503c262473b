package org.example.music;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.matricula.api.PluginContext;
import org.matricula.api.event.DeclarationListener;
import org.matricula.api.event.StatusChanged;
import org.pf4j.Extension;

/** Keeps every status change of the school's declarations in the plugin's own table, once per event. */
@Extension
public class StatusLog implements DeclarationListener {

    private final PluginContext context;

    public StatusLog(PluginContext context) {
        this.context = context;
    }

    @Override
    public boolean appliesTo(String familyId) {
        return MusicSchoolFamily.ID.equals(familyId);
    }

    @Override
    public void onStatusChanged(StatusChanged event) throws SQLException {
        try (Connection connection = context.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO status_log "
                     + "(event_id, number, from_status, to_status) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, event.eventId());
            insert.setString(2, event.number());
            insert.setString(3, event.from());
            insert.setString(4, event.to());
            insert.executeUpdate();
        }
    }
}
