package org.matricula.platform.dashboard;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.web.Scope;
import org.matricula.platform.accounts.Scopes;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.registration.Status;

/** How many declarations there are per project, program, status and day: the admin's overview. */
public final class Dashboard {

    /** The window of the per-day counts, ending today. */
    public static final int DAYS = 30;

    /** Declarations of one group: a project (by slug), a program (by code) or a status. */
    public record Count(String key, String label, int declarations) {
    }

    public record DayCount(LocalDate day, int declarations) {
    }

    public record Snapshot(int total, List<Count> projects, List<Count> programs, List<Count> statuses,
            List<DayCount> days) {
    }

    private final Jdbi jdbi;
    private final Scopes scopes;

    public Dashboard(Jdbi jdbi, Scopes scopes) {
        this.jdbi = jdbi;
        this.scopes = scopes;
    }

    /** The counts a staff member may see. */
    public Snapshot snapshot(CurrentUser reader, Locale locale) {
        return snapshot(scopes.of(reader), locale);
    }

    /** The counts within the reader's scope, with status labels in the reader's language. */
    public Snapshot snapshot(Scope scope, Locale locale) {
        String condition = scope.condition();
        Map<String, Object> parameters = scope.parameters();
        boolean everything = scope.seesEverything();
        // One snapshot for all the queries, so the tables add up even while declarations arrive.
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            DashboardDao dao = handle.attach(DashboardDao.class);
            List<Count> statuses = dao.byStatus(condition, parameters).stream().map(count -> new Count(count.key(),
                    Status.valueOf(count.key()).label().in(locale), count.declarations())).toList();
            String language = locale.getLanguage();
            return new Snapshot(dao.total(condition, parameters),
                    dao.byProject(condition, parameters, everything, language),
                    dao.byProgram(condition, parameters, everything, language), statuses,
                    dao.byDay(DAYS, TimeDisplay.sqlZone(), condition, parameters));
        });
    }
}
