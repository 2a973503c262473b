package org.matricula.platform.crm.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.RepeatedWork;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.notify.Outbox;

/**
 * Mails each open task's assignee when its reminder time has come. Runs on every node; one node
 * at a time does the work (a transaction's advisory lock), and each task is marked reminded in
 * the transaction that queues its mail through the outbox, so a reminder goes exactly once,
 * whichever node sends it and however often a node restarts.
 */
public final class TaskReminders implements AutoCloseable {

    private static final int BATCH = 200;

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final String baseUrl;
    private final RepeatedWork repeated = new RepeatedWork("crm-task-reminders", TaskReminders.class,
            "Task reminders could not be sent");

    /** @param baseUrl the public address the mailed link to the person starts with */
    public TaskReminders(Jdbi jdbi, Outbox outbox, String baseUrl) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.baseUrl = baseUrl;
    }

    public void start(Duration tick) {
        repeated.start(tick, this::run);
    }

    private record Due(long id, UUID personId, String title, String person, Instant dueAt, String email,
            String locale) {
    }

    /** Queues the reminders whose time has come; answers how many mails (0 when another node is at it). */
    public int run() {
        return jdbi.inTransaction(handle -> {
            if (!handle.createQuery("SELECT pg_try_advisory_xact_lock(hashtext('matricula.crm.task-reminders'))")
                    .mapTo(Boolean.class).one()) {
                return 0;
            }
            List<Due> due = handle.createQuery("""
                    UPDATE crm_tasks t SET reminded_at = now()
                    FROM (SELECT id FROM crm_tasks WHERE remind_at <= now() AND reminded_at IS NULL AND done_at IS NULL
                          ORDER BY remind_at LIMIT :batch FOR UPDATE SKIP LOCKED) d,
                         persons p
                    WHERE t.id = d.id AND p.id = t.person_id AND t.reminded_at IS NULL
                    RETURNING t.id, t.person_id, t.title, coalesce(nullif(p.full_name, ''), p.email) AS person, t.due_at,
                              (SELECT a.email FROM accounts a WHERE a.id = t.assignee_id) AS email,
                              (SELECT a.locale FROM accounts a WHERE a.id = t.assignee_id) AS locale""")
                    .bind("batch", BATCH)
                    .map((rs, ctx) -> new Due(rs.getLong("id"), rs.getObject("person_id", UUID.class),
                            rs.getString("title"), rs.getString("person"),
                            rs.getTimestamp("due_at") == null ? null : rs.getTimestamp("due_at").toInstant(),
                            rs.getString("email"), rs.getString("locale"))).list();
            int sent = 0;
            for (Due task : due) {
                if (task.email() == null || task.email().isBlank()) {
                    continue; // the assignee's account is gone: nobody to remind, and marked so
                }
                Locale locale = Messages.language(task.locale()).orElse(Messages.RUSSIAN);
                String dueText = task.dueAt() == null ? "—" : TimeDisplay.dateTime(locale, task.dueAt());
                outbox.mail(handle, new MailMessage(task.email(),
                        Messages.text(locale, "crm.task.reminder.subject", task.title()),
                        Messages.text(locale, "crm.task.reminder.body", task.title(), task.person(), dueText,
                                baseUrl + "/admin/persons/" + task.personId(), baseUrl + "/admin/tasks")));
                sent++;
            }
            return sent;
        });
    }

    @Override
    public void close() {
        repeated.close();
    }
}
