package org.matricula.platform.crm.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
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
 * Mails a payer about each instalment not yet covered by what they paid: once in the
 * {@link #BEFORE_DAYS} days before its due date, and once after it has passed. Each mail is
 * queued through the outbox in the transaction that records it, so it goes at most once per
 * instalment and kind, whichever node runs the check.
 */
public final class Reminders implements AutoCloseable {

    /** How many days before the due date the first reminder goes. */
    public static final int BEFORE_DAYS = 3;
    /** An instalment overdue for longer than this gets no first "overdue" mail any more (an upgrade's backlog). */
    private static final int AFTER_WINDOW_DAYS = 30;
    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Invoices invoices;
    private final RepeatedWork repeated = new RepeatedWork("crm-reminders", Reminders.class,
            "Instalment reminders could not be sent");

    public Reminders(Jdbi jdbi, Outbox outbox, Invoices invoices) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.invoices = invoices;
    }

    public void start(Duration tick) {
        repeated.start(tick, this::run);
    }

    record Due(UUID invoice, int position, LocalDate dueDate, BigDecimal amount, String number, String email,
            String locale, String kind) {
    }

    /** Queues the reminders due today; answers how many. */
    public int run() {
        LocalDate today = invoices.today();
        return jdbi.inTransaction(handle -> {
            List<Due> due = handle.createQuery("""
                    SELECT s.invoice_id, s.position, s.due_date, s.amount, i.number, p.email, i.locale,
                           CASE WHEN s.due_date >= :today THEN 'BEFORE' ELSE 'AFTER' END AS kind
                    FROM (SELECT invoice_id, position, due_date, amount,
                                 sum(amount) OVER (PARTITION BY invoice_id ORDER BY position) AS covered_to
                          FROM invoice_instalments
                          WHERE due_date BETWEEN CAST(:today AS date) - :window AND CAST(:today AS date) + :before) s
                    JOIN invoices i ON i.id = s.invoice_id
                    JOIN persons p ON p.id = i.person_id
                    WHERE i.status IN ('ISSUED', 'PARTIAL') AND p.email <> '' AND s.covered_to > i.paid
                      AND s.due_date <> :today
                      AND NOT EXISTS (SELECT 1 FROM billing_reminders r WHERE r.invoice_id = s.invoice_id
                          AND r.position = s.position
                          AND r.kind = CASE WHEN s.due_date >= :today THEN 'BEFORE' ELSE 'AFTER' END)
                    ORDER BY s.due_date LIMIT 500""")
                    .bind("today", today).bind("window", AFTER_WINDOW_DAYS).bind("before", BEFORE_DAYS)
                    .map((rs, ctx) -> new Due(rs.getObject(1, UUID.class), rs.getInt(2),
                            rs.getObject(3, LocalDate.class), rs.getBigDecimal(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8))).list();
            int sent = 0;
            for (Due reminder : due) {
                if (handle.createUpdate("""
                        INSERT INTO billing_reminders (invoice_id, position, kind) VALUES (:invoice, :position, :kind)
                        ON CONFLICT DO NOTHING""").bind("invoice", reminder.invoice())
                        .bind("position", reminder.position()).bind("kind", reminder.kind()).execute() == 1) {
                    Locale locale = Messages.language(reminder.locale()).orElse(Messages.RUSSIAN);
                    String key = "billing.reminder." + reminder.kind().toLowerCase(Locale.ROOT);
                    String amount = InvoiceDocument.money(reminder.amount(), locale);
                    String date = TimeDisplay.date(locale, reminder.dueDate());
                    outbox.mail(handle, new MailMessage(reminder.email(),
                            Messages.text(locale, key + ".subject", reminder.number()),
                            Messages.text(locale, key + ".body", reminder.number(), amount, date)));
                    sent++;
                }
            }
            return sent;
        });
    }

    @Override
    public void close() {
        repeated.close();
    }
}
