package org.matricula.platform.dashboard;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
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

    public Dashboard(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The counts, with status labels in the reader's language. */
    public Snapshot snapshot(Locale locale) {
        // One snapshot for all the queries, so the tables add up even while declarations arrive.
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            DashboardDao dao = handle.attach(DashboardDao.class);
            List<Count> statuses = dao.byStatus().stream().map(count -> new Count(count.key(),
                    Status.valueOf(count.key()).label().in(locale), count.declarations())).toList();
            return new Snapshot(dao.total(), dao.byProject(), dao.byProgram(), statuses, dao.byDay(DAYS));
        });
    }
}
