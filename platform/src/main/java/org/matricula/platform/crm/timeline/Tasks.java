package org.matricula.platform.crm.timeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * Tasks on a person: set with an assignee, a due date and a reminder, done (and undone). Setting
 * and doing go on the timeline; the reminder is mailed to the assignee once ({@link TaskReminders}).
 */
public final class Tasks {

    /** The reminder's time of day on the due date when none is given, in the platform's time zone. */
    public static final LocalTime MORNING = LocalTime.of(9, 0);

    private static final String COLUMNS = """
            t.id, t.person_id, t.title, t.assignee_id, coalesce(a.email, '') AS assignee, t.due_at, t.done_at,
            t.remind_at, t.reminded_at, (t.done_at IS NULL AND t.due_at < now()) AS overdue,
            coalesce(nullif(p.full_name, ''), p.email) AS person""";

    private final Jdbi jdbi;
    private final Timeline timeline;
    private final Clock clock;

    public Tasks(Jdbi jdbi, Timeline timeline, Clock clock) {
        this.jdbi = jdbi;
        this.timeline = timeline;
        this.clock = clock;
    }

    /**
     * One task as the card and "my tasks" show it.
     *
     * @param dueAt the end of the due date (the next day's start in the platform's time zone); null for none
     * @param remindAt when the assignee is mailed; null for no reminder
     * @param remindedAt when the reminder was queued; null while it is to come
     * @param overdue open and past its due time
     * @param person the person's name (their email when they have none)
     */
    public record Task(long id, UUID personId, String title, UUID assigneeId, String assignee, Instant dueAt,
            Instant doneAt, Instant remindAt, Instant remindedAt, boolean overdue, String person) {

        public boolean done() {
            return doneAt != null;
        }
    }

    public long create(UUID personId, String title, String assigneeEmail, String due, UUID actor, Locale locale) {
        return create(personId, title, assigneeEmail, due, null, actor, locale);
    }

    /**
     * @param due a date ({@code 2026-12-31}), the end of which the task is due in the configured zone; blank for none
     * @param remind when to mail the assignee: a local time ({@code 2026-12-31T14:30}, as a browser's
     *     date-and-time field sends it) in the configured zone or a time with an offset; blank for
     *     {@link #MORNING} of the due date (no reminder without a due date); {@code none} for no reminder
     * @param assigneeEmail the staff account doing it; blank for the one who sets it
     */
    public long create(UUID personId, String title, String assigneeEmail, String due, String remind, UUID actor,
            Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String text = title == null ? "" : title.strip();
        if (text.isEmpty() || text.length() > 500) {
            problems.add(new FieldProblem("title", Messages.text(locale, "crm.task.titleRequired")));
        }
        LocalDate dueDate = null;
        if (due != null && !due.isBlank()) {
            try {
                dueDate = InputDates.date(due.strip());
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("due", InputDates.message(locale, e, "crm.task.dueDate")));
            }
        }
        Instant remindAt = null;
        String reminder = remind == null ? "" : remind.strip();
        if (reminder.isEmpty()) {
            remindAt = dueDate == null ? null : dueDate.atTime(MORNING).atZone(TimeDisplay.zone()).toInstant();
        } else if (!reminder.equalsIgnoreCase("none")) {
            try {
                remindAt = reminderTime(reminder);
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("remind", InputDates.message(locale, e, "crm.task.remindTime")));
            }
        }
        UUID assignee = actor;
        if (assigneeEmail != null && !assigneeEmail.isBlank()) {
            assignee = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT id FROM accounts WHERE lower(email) = lower(:email) AND role <> 'APPLICANT'")
                    .bind("email", assigneeEmail.strip()).mapTo(UUID.class).findOne().orElse(null));
            if (assignee == null) {
                problems.add(new FieldProblem("assignee", Messages.text(locale, "crm.task.assigneeStaff")));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        UUID assigneeId = assignee;
        Instant dueAtValue = dueDate == null ? null : dueDate.plusDays(1).atStartOfDay(TimeDisplay.zone()).toInstant();
        Instant remindAtValue = remindAt;
        return jdbi.inTransaction(handle -> {
            // the person may be gone (merged, erased) since the card was shown; the lock keeps them till the task is in
            if (handle.createQuery("SELECT 1 FROM persons WHERE id = :id FOR KEY SHARE").bind("id", personId)
                    .mapTo(Integer.class).findOne().isEmpty()) {
                throw NotFoundException.localized("refusal.person.missing", String.valueOf(personId));
            }
            return create(handle, personId, text, assigneeId, dueAtValue, remindAtValue, actor);
        });
    }

    /**
     * Sets a task in the caller's transaction (a scenario's step), with its timeline entry; its
     * assignee is reminded when it falls due.
     */
    public long create(Handle handle, UUID personId, String title, UUID assigneeId, Instant dueAt, UUID actor) {
        return create(handle, personId, title, assigneeId, dueAt, dueAt, actor);
    }

    private long create(Handle handle, UUID personId, String title, UUID assigneeId, Instant dueAt, Instant remindAt,
            UUID actor) {
        long id = handle.createQuery("""
                INSERT INTO crm_tasks (person_id, title, assignee_id, due_at, remind_at, created_by)
                VALUES (:person, :title, :assignee, :due, :remind, :actor) RETURNING id""")
                .bind("person", personId).bind("title", title).bind("assignee", assigneeId).bind("due", dueAt)
                .bind("remind", remindAt).bind("actor", actor).mapTo(Long.class).one();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("task", id);
        details.put("due", dueAt == null ? null : dueAt.toString());
        details.put("assignee", assigneeId == null ? null : assigneeId.toString());
        details.put("remind", remindAt == null ? null : remindAt.toString());
        timeline.append(handle, Entry.of(personId, Kind.TASK, clock.instant(), title, details, actor, "task:" + id));
        return id;
    }

    /** A local date and time in the configured zone, or one with its offset. */
    private static Instant reminderTime(String value) {
        try {
            return InputDates.dateTime(value).atZone(TimeDisplay.zone()).toInstant();
        } catch (InputDates.OutOfRange tooFar) {
            throw tooFar;
        } catch (DateTimeParseException local) {
            return InputDates.offsetDateTime(value).toInstant();
        }
    }

    public void complete(UUID personId, long taskId, UUID actor) {
        jdbi.useTransaction(handle -> {
            String title = handle.createQuery("""
                    UPDATE crm_tasks SET done_at = now() WHERE id = :id AND person_id = :person AND done_at IS NULL
                    RETURNING title""").bind("id", taskId).bind("person", personId).mapTo(String.class).findOne()
                    .orElseThrow(() -> NotFoundException.localized("refusal.task.missing", String.valueOf(taskId)));
            // the first completion is made once from the task; a completion after an undo is an entry of its own
            if (!timeline.append(handle, Entry.of(personId, Kind.TASK, clock.instant(), title,
                    Map.of("task", taskId, "done", true), actor, "task-done:" + taskId))) {
                timeline.append(handle, Entry.of(personId, Kind.TASK, clock.instant(), title,
                        Map.of("task", taskId, "done", true), actor, null));
            }
        });
    }

    /** Marks done a task assigned to this account (else not found); answers it. */
    public Task completeMine(UUID account, long taskId) {
        Task task = mine(account, taskId);
        complete(task.personId(), taskId, account);
        return task;
    }

    /** Opens again a done task assigned to this account (else not found); the timeline tells. */
    public Task reopenMine(UUID account, long taskId) {
        Task task = mine(account, taskId);
        jdbi.useTransaction(handle -> {
            String title = handle.createQuery("""
                    UPDATE crm_tasks SET done_at = NULL WHERE id = :id AND done_at IS NOT NULL RETURNING title""")
                    .bind("id", taskId).mapTo(String.class).findOne()
                    .orElseThrow(() -> NotFoundException.localized("refusal.task.missing", String.valueOf(taskId)));
            timeline.append(handle, Entry.of(task.personId(), Kind.TASK, clock.instant(), title,
                    Map.of("task", taskId, "done", false), account, null));
        });
        return task;
    }

    private Task mine(UUID account, long taskId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                 FROM crm_tasks t LEFT JOIN accounts a ON a.id = t.assignee_id JOIN persons p ON p.id = t.person_id
                WHERE t.id = :id AND t.assignee_id = :account""").bind("id", taskId).bind("account", account)
                .map((rs, ctx) -> task(rs)).findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.task.missing", String.valueOf(taskId)));
    }

    public List<Task> of(UUID personId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                 FROM crm_tasks t LEFT JOIN accounts a ON a.id = t.assignee_id JOIN persons p ON p.id = t.person_id
                WHERE t.person_id = :person ORDER BY t.done_at IS NOT NULL, t.due_at NULLS LAST, t.id""")
                .bind("person", personId).map((rs, ctx) -> task(rs)).list());
    }

    /** The open tasks assigned to this account: overdue first, then by due time (none last). */
    public List<Task> openOf(UUID account) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                 FROM crm_tasks t LEFT JOIN accounts a ON a.id = t.assignee_id JOIN persons p ON p.id = t.person_id
                WHERE t.assignee_id = :account AND t.done_at IS NULL
                ORDER BY t.due_at < now() DESC NULLS LAST, t.due_at NULLS LAST, t.id LIMIT 500""")
                .bind("account", account).map((rs, ctx) -> task(rs)).list());
    }

    /** How many open tasks are assigned to this account (the menu's badge; the open tasks' index answers). */
    public int openCount(UUID account) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM crm_tasks WHERE assignee_id = :account AND done_at IS NULL")
                .bind("account", account).mapTo(Integer.class).one());
    }

    /** The tasks assigned to this account done in the last week, latest first (to undo one). */
    public List<Task> recentlyDoneBy(UUID account) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + """
                 FROM crm_tasks t LEFT JOIN accounts a ON a.id = t.assignee_id JOIN persons p ON p.id = t.person_id
                WHERE t.assignee_id = :account AND t.done_at > now() - interval '7 days'
                ORDER BY t.done_at DESC, t.id LIMIT 50""")
                .bind("account", account).map((rs, ctx) -> task(rs)).list());
    }

    private static Task task(ResultSet rs) throws SQLException {
        return new Task(rs.getLong("id"), rs.getObject("person_id", UUID.class), rs.getString("title"),
                rs.getObject("assignee_id", UUID.class), rs.getString("assignee"), instant(rs, "due_at"),
                instant(rs, "done_at"), instant(rs, "remind_at"), instant(rs, "reminded_at"),
                rs.getBoolean("overdue"), rs.getString("person"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column) == null ? null : rs.getTimestamp(column).toInstant();
    }
}
