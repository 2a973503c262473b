package org.matricula.plugins.mobility;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.matricula.api.PluginContext;
import org.matricula.api.PeriodicTask;
import org.pf4j.Extension;

/**
 * Once a period, mails the institute coordinator one digest of the declarations that arrived
 * since the last one, instead of one mail per declaration.
 */
@Extension
public final class CoordinatorDigest implements PeriodicTask {

    private final PluginContext context;

    public CoordinatorDigest(PluginContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "coordinator-digest";
    }

    @Override
    public Duration period() {
        String configured = context.config("digest-period", "1h").trim();
        return Duration.parse("PT" + configured.toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public void run() throws SQLException {
        String coordinator = context.config("coordinator-email", "");
        if (coordinator.isBlank()) {
            return;
        }
        try (Connection connection = context.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            StringBuilder body = new StringBuilder("Новые заявления модуля мобильности:\n\n");
            int count = 0;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("""
                         DELETE FROM new_declarations RETURNING number, program, institute, applicant""")) {
                while (rows.next()) {
                    count++;
                    body.append(String.format("%s — %s, %s (%s)%n", rows.getString("number"),
                            rows.getString("applicant"), rows.getString("program"), rows.getString("institute")));
                }
            }
            if (count > 0) {
                // Queued before the commit: if queuing fails, the rows come back for the next digest.
                context.mail().enqueue(coordinator, "Модуль мобильности: новых заявлений — " + count, body.toString());
            }
            connection.commit();
        }
    }
}
