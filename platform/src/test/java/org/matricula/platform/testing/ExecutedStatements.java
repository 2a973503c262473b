package org.matricula.platform.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/** The statements a Jdbi runs while something is done, as sent: for tests that count a path's statements. */
public final class ExecutedStatements {

    private ExecutedStatements() {
    }

    /** Runs {@code action} and answers every statement run through {@code jdbi} meanwhile, by any thread. */
    public static List<String> during(Jdbi jdbi, Runnable action) {
        List<String> statements = new CopyOnWriteArrayList<>();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.add(context.getRenderedSql());
            }
        });
        try {
            action.run();
        } finally {
            jdbi.setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
        }
        return statements;
    }
}
