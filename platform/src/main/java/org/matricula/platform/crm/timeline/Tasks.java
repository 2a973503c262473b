package org.matricula.platform.crm.timeline;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/** Tasks on a person: set with an assignee and a due date, done once. Both steps go on the timeline. */
public final class Tasks {

    private final Jdbi jdbi;
    private final Timeline timeline;
    private final Clock clock;

    public Tasks(Jdbi jdbi, Timeline timeline, Clock clock) {
        this.jdbi = jdbi;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** One task as the card shows it. */
    public record Task(long id, UUID personId, String title, UUID assigneeId, String assignee, Instant dueAt,
            Instant doneAt) {

        public boolean done() {
            return doneAt != null;
        }
    }

    /**
     * @param due a date ({@code 2026-12-31}), the end of which the task is due in the configured zone; blank for none
     * @param assigneeEmail the staff account doing it; blank for the one who sets it
     */
    public long create(UUID personId, String title, String assigneeEmail, String due, UUID actor, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String text = title == null ? "" : title.strip();
        if (text.isEmpty() || text.length() > 500) {
            problems.add(new FieldProblem("title", Messages.text(locale, "crm.task.titleRequired")));
        }
        Instant dueAt = null;
        if (due != null && !due.isBlank()) {
            try {
                dueAt = LocalDate.parse(due.strip()).plusDays(1).atStartOfDay(TimeDisplay.zone()).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("due", Messages.text(locale, "crm.task.dueDate")));
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
        Instant dueAtValue = dueAt;
        return jdbi.inTransaction(handle -> create(handle, personId, text, assigneeId, dueAtValue, actor));
    }

    /** Sets a task in the caller's transaction (a scenario's step), with its timeline entry. */
    public long create(Handle handle, UUID personId, String title, UUID assigneeId, Instant dueAt, UUID actor) {
        long id = handle.createQuery("""
                INSERT INTO crm_tasks (person_id, title, assignee_id, due_at, created_by)
                VALUES (:person, :title, :assignee, :due, :actor) RETURNING id""")
                .bind("person", personId).bind("title", title).bind("assignee", assigneeId).bind("due", dueAt)
                .bind("actor", actor).mapTo(Long.class).one();
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("task", id);
        details.put("due", dueAt == null ? null : dueAt.toString());
        details.put("assignee", assigneeId == null ? null : assigneeId.toString());
        timeline.append(handle, Entry.of(personId, Kind.TASK, clock.instant(), title, details, actor, "task:" + id));
        return id;
    }

    public void complete(UUID personId, long taskId, UUID actor) {
        jdbi.useTransaction(handle -> {
            String title = handle.createQuery("""
                    UPDATE crm_tasks SET done_at = now() WHERE id = :id AND person_id = :person AND done_at IS NULL
                    RETURNING title""").bind("id", taskId).bind("person", personId).mapTo(String.class).findOne()
                    .orElseThrow(() -> NotFoundException.localized("refusal.task.missing", String.valueOf(taskId)));
            timeline.append(handle, Entry.of(personId, Kind.TASK, clock.instant(), title,
                    Map.of("task", taskId, "done", true), actor, "task-done:" + taskId));
        });
    }

    public List<Task> of(UUID personId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT t.id, t.person_id, t.title, t.assignee_id, coalesce(a.email, '') AS assignee, t.due_at, t.done_at
                FROM crm_tasks t LEFT JOIN accounts a ON a.id = t.assignee_id
                WHERE t.person_id = :person ORDER BY t.done_at IS NOT NULL, t.due_at NULLS LAST, t.id""")
                .bind("person", personId)
                .map((rs, ctx) -> new Task(rs.getLong("id"), rs.getObject("person_id", UUID.class), rs.getString("title"),
                        rs.getObject("assignee_id", UUID.class), rs.getString("assignee"),
                        rs.getTimestamp("due_at") == null ? null : rs.getTimestamp("due_at").toInstant(),
                        rs.getTimestamp("done_at") == null ? null : rs.getTimestamp("done_at").toInstant()))
                .list());
    }
}
