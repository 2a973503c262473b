package org.matricula.platform.crm.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/**
 * Money received and given back. Each payment carries the idempotency key of its source, unique
 * in the table, so the same payment recorded twice (a resent form, a statement imported again, a
 * notification delivered twice) is counted once. A payment on an invoice raises what is paid on
 * it; paid beyond its total is the payer's balance, which a refund may give back.
 */
public final class Payments {

    /** The longest note a payment keeps, in characters. */
    public static final int NOTE_MAX = 2_000;

    private final Jdbi jdbi;
    private final Invoices invoices;
    private final Timeline timeline;
    private final Clock clock;

    public Payments(Jdbi jdbi, Invoices invoices, Timeline timeline, Clock clock) {
        this.jdbi = jdbi;
        this.invoices = invoices;
        this.timeline = timeline;
        this.clock = clock;
    }

    public record Payment(long id, String kind, String source, String idempotencyKey, UUID invoiceId,
            String invoiceNumber, UUID personId, Long organizationId, BigDecimal amount, LocalDate receivedOn,
            String note) {
    }

    /** A payment recorded, and whether this call recorded it (false: its key was known already). */
    public record Recorded(Payment payment, boolean added) {
    }

    public record Input(String kind, String source, String idempotencyKey, UUID invoiceId, UUID personId,
            Long organizationId, String amount, String receivedOn, String note, UUID actorId) {
    }

    public Recorded record(Input input, Locale locale) {
        return jdbi.inTransaction(handle -> record(handle, input, locale));
    }

    /**
     * Records a payment or refund in the caller's transaction. A refund on an invoice gives back at
     * most what was paid on it; one on a person or organization at most their balance.
     */
    public Recorded record(Handle handle, Input input, Locale locale) {
        Checks checks = new Checks(locale);
        String kind = input.kind() == null ? "PAYMENT" : input.kind().strip().toUpperCase(Locale.ROOT);
        if (!kind.equals("PAYMENT") && !kind.equals("REFUND")) {
            checks.fail("kind", "billing.payment.kind");
        }
        String key = input.idempotencyKey() == null ? "" : input.idempotencyKey().strip();
        if (key.isEmpty() || key.length() > 200) {
            checks.fail("idempotencyKey", "billing.payment.key");
        }
        BigDecimal amount = checks.amount("amount", input.amount(), true, true);
        LocalDate received = checks.date("receivedOn", input.receivedOn(), false);
        String note = input.note() == null ? "" : input.note().strip();
        if (note.length() > NOTE_MAX) {
            checks.fail("note", "billing.payment.note", NOTE_MAX);
        }
        Optional<Invoices.Invoice> invoice = Optional.empty();
        if (input.invoiceId() != null) {
            handle.createQuery("SELECT id FROM invoices WHERE id = :id FOR UPDATE").bind("id", input.invoiceId())
                    .mapTo(UUID.class).findOne();
            invoice = invoices.find(handle, input.invoiceId());
            if (invoice.isEmpty()) {
                checks.fail("invoiceId", "billing.invoiceNotFound");
            } else if (invoice.get().status().equals("CANCELLED")) {
                checks.fail("invoiceId", "billing.payment.cancelled");
            } else if (kind.equals("PAYMENT") && amount != null
                    && invoice.get().paid().add(amount).compareTo(Amounts.MAX) > 0) {
                checks.fail("amount", "billing.payment.paidTooMuch", Amounts.MAX.toPlainString());
            }
        } else if (input.personId() == null && input.organizationId() == null) {
            checks.fail("personId", "billing.payment.whose");
        } else {
            // A refund from a balance reads the balance and then gives from it: the payer's row is
            // locked first, so that refunds of one payer run one after another and never give the
            // same money twice. Not FOR UPDATE, which would also hold up the key checks of rows
            // that merely refer to the payer.
            String lock = kind.equals("REFUND") ? " FOR NO KEY UPDATE" : "";
            if (input.personId() != null && handle.createQuery("SELECT id FROM persons WHERE id = :id" + lock)
                    .bind("id", input.personId()).mapTo(UUID.class).findOne().isEmpty()) {
                checks.fail("personId", "billing.payment.personNotFound");
            }
            if (input.organizationId() != null && handle.createQuery(
                    "SELECT id FROM organizations WHERE id = :id" + lock)
                    .bind("id", input.organizationId()).mapTo(Long.class).findOne().isEmpty()) {
                checks.fail("organizationId", "billing.payment.organizationNotFound");
            }
        }
        checks.done();
        Optional<Payment> known = byKey(handle, key);
        if (known.isPresent()) {
            return new Recorded(known.get(), false);
        }
        UUID person = invoice.map(Invoices.Invoice::personId).orElse(input.personId());
        Long organization = invoice.map(Invoices.Invoice::organizationId).orElse(input.organizationId());
        if (kind.equals("REFUND")) {
            BigDecimal most = invoice.map(Invoices.Invoice::paid)
                    .orElseGet(() -> balance(handle, person, organization).max(BigDecimal.ZERO));
            if (amount.compareTo(most) > 0) {
                checks.fail("amount", "billing.payment.refundTooMuch", most.toPlainString());
                checks.done();
            }
        }
        Optional<Long> id = handle.createQuery("""
                INSERT INTO payments (kind, source, idempotency_key, invoice_id, person_id, organization_id, amount,
                    received_on, note, actor_id)
                VALUES (:kind, :source, :key, :invoice, :person, :organization, :amount, :received, :note, :actor)
                ON CONFLICT (idempotency_key) DO NOTHING RETURNING id""")
                .bind("kind", kind).bind("source", input.source() == null ? "MANUAL" : input.source())
                .bind("key", key).bind("invoice", input.invoiceId()).bind("person", person)
                .bind("organization", organization).bind("amount", amount)
                .bind("received", received == null ? invoices.today() : received)
                .bind("note", note).bind("actor", input.actorId())
                .mapTo(Long.class).findOne();
        if (id.isEmpty()) { // recorded meanwhile by another transaction
            return new Recorded(byKey(handle, key).orElseThrow(), false);
        }
        if (invoice.isPresent()) {
            BigDecimal paid = kind.equals("PAYMENT") ? invoice.get().paid().add(amount)
                    : invoice.get().paid().subtract(amount);
            handle.createUpdate("UPDATE invoices SET paid = :paid, status = :status WHERE id = :id")
                    .bind("paid", paid).bind("status", Invoices.state(invoice.get().total(), paid))
                    .bind("id", invoice.get().id()).execute();
        }
        Payment payment = find(handle, id.get()).orElseThrow();
        if (person != null) {
            timeline.append(handle, timelineEntry(person, payment.id(), kind, amount, payment.invoiceNumber(),
                    input.actorId(), clock.instant()));
        }
        return new Recorded(payment, true);
    }

    /** A payment to an invoice, keyed by its source, as a bank statement's lines give them. */
    public record ToInvoice(String idempotencyKey, UUID invoiceId, BigDecimal amount, LocalDate receivedOn,
            String note) {
    }

    /**
     * A payment from a known payer (a person or an organization) naming no invoice, as a bank
     * statement's lines matched by the payer's INN give them.
     */
    public record FromPayer(String idempotencyKey, UUID personId, Long organizationId, BigDecimal amount,
            LocalDate receivedOn, String note) {
    }

    /**
     * Records many payments to invoices in the caller's transaction with a few statements whatever
     * their number: the invoices are locked, the payments inserted (a known key, or a cancelled or
     * missing invoice, records nothing), each invoice's paid sum raised by what was recorded on it and
     * its state set as {@link Invoices#state} does, and the timeline entries appended. The same as
     * {@link #record(Handle, Input, Locale)} for each, in order.
     *
     * @return the new payments' ids by idempotency key
     */
    public Map<String, Long> recordOnInvoices(Handle handle, String source, List<ToInvoice> payments, UUID actor) {
        if (payments.isEmpty()) {
            return Map.of();
        }
        lockInvoices(handle, payments.stream().map(ToInvoice::invoiceId).toList());
        return insertAll(handle, source, payments.stream().map(p -> new Allocated(p.idempotencyKey(), p.invoiceId(),
                null, null, p.amount(), p.receivedOn(), p.note())).toList(), actor);
    }

    /**
     * Records many payments from known payers in the caller's transaction with a few statements
     * whatever their number, each as {@link #record(Handle, Input, Locale)} would record it had it
     * been given the payer's oldest open invoice at that moment (by issue date and number), in order:
     * the payers' open invoices are locked and read once, each payment goes to the oldest one still
     * open after the payments before it (a payment that covers an invoice closes it for the next),
     * and a payment finding none open is kept as the payer's balance.
     *
     * @return the new payments' ids by idempotency key
     */
    public Map<String, Long> recordFromPayers(Handle handle, String source, List<FromPayer> payments, UUID actor) {
        if (payments.isEmpty()) {
            return Map.of();
        }
        Map<String, List<OpenInvoice>> openOf = openInvoices(handle, payments);
        List<Allocated> allocated = new ArrayList<>();
        for (FromPayer payment : payments) {
            List<OpenInvoice> open = openOf.computeIfAbsent(payer(payment.personId(), payment.organizationId()),
                    k -> new ArrayList<>());
            open.removeIf(invoice -> !invoice.open());
            // an invoice whose paid sum this payment would take past what an amount holds is passed over
            Optional<OpenInvoice> oldest = open.stream().filter(invoice -> invoice.takes(payment.amount()))
                    .findFirst();
            UUID invoice = null;
            if (oldest.isPresent()) {
                invoice = oldest.get().id;
                oldest.get().paid = oldest.get().paid.add(payment.amount());
            }
            allocated.add(new Allocated(payment.idempotencyKey(), invoice, payment.personId(),
                    payment.organizationId(), payment.amount(), payment.receivedOn(), payment.note()));
        }
        return insertAll(handle, source, allocated, actor);
    }

    /** An open invoice of a payer, with what is paid on it so far in a batch. */
    private static final class OpenInvoice {
        final UUID id;
        final BigDecimal total;
        BigDecimal paid;

        OpenInvoice(UUID id, BigDecimal total, BigDecimal paid) {
            this.id = id;
            this.total = total;
            this.paid = paid;
        }

        boolean open() {
            return !Invoices.state(total, paid).equals("PAID");
        }

        boolean takes(BigDecimal amount) {
            return paid.add(amount).compareTo(Amounts.MAX) <= 0;
        }
    }

    private static String payer(UUID person, Long organization) {
        return person != null ? "person:" + person : "organization:" + organization;
    }

    /**
     * The open invoices of the payments' payers, locked (in the order of their ids, as
     * {@link #lockInvoices} takes them, so that two imports cannot deadlock), oldest first per payer
     * (by issue date, then number); an invoice of a person and an organization is in
     * both lists, one object, so that what one pays on it the other sees.
     */
    private static Map<String, List<OpenInvoice>> openInvoices(Handle handle, List<FromPayer> payments) {
        record Row(OpenInvoice invoice, UUID person, Long organization, LocalDate issuedOn, int seq) {
        }
        List<Row> rows = handle.createQuery("""
                SELECT id, person_id, organization_id, total, paid, issued_on, seq FROM invoices
                WHERE status IN ('ISSUED', 'PARTIAL')
                  AND (person_id = ANY(:persons) OR organization_id = ANY(:organizations))
                ORDER BY id FOR UPDATE""")
                .bindArray("persons", UUID.class, payments.stream().map(FromPayer::personId).filter(Objects::nonNull)
                        .distinct().toArray())
                .bindArray("organizations", Long.class, payments.stream().map(FromPayer::organizationId)
                        .filter(Objects::nonNull).distinct().toArray())
                .map((rs, ctx) -> new Row(new OpenInvoice(rs.getObject("id", UUID.class), rs.getBigDecimal("total"),
                        rs.getBigDecimal("paid")), rs.getObject("person_id", UUID.class),
                        rs.getObject("organization_id") == null ? null : rs.getLong("organization_id"),
                        rs.getObject("issued_on", LocalDate.class), rs.getInt("seq")))
                .list();
        Map<String, List<OpenInvoice>> openOf = new HashMap<>();
        rows.stream().sorted(Comparator.comparing(Row::issuedOn).thenComparingInt(Row::seq)).forEach(row -> {
            if (row.person() != null) {
                openOf.computeIfAbsent(payer(row.person(), null), k -> new ArrayList<>()).add(row.invoice());
            }
            if (row.organization() != null) {
                openOf.computeIfAbsent(payer(null, row.organization()), k -> new ArrayList<>()).add(row.invoice());
            }
        });
        return openOf;
    }

    private static void lockInvoices(Handle handle, List<UUID> invoices) {
        handle.createQuery("SELECT count(*) FROM (SELECT id FROM invoices WHERE id = ANY(:ids) ORDER BY id FOR UPDATE) l")
                .bindArray("ids", UUID.class, invoices.stream().distinct().toArray()).mapTo(Long.class).one();
    }

    /** A payment to record: to an invoice (its payer is the invoice's), or else to a payer's balance. */
    private record Allocated(String idempotencyKey, UUID invoiceId, UUID personId, Long organizationId,
            BigDecimal amount, LocalDate receivedOn, String note) {
    }

    /**
     * Inserts the payments in one statement, in order (a known key, a cancelled or missing invoice,
     * or an invoice whose paid sum would pass what an amount holds, records nothing), raises each invoice's paid sum by what was recorded on it and sets
     * its state as {@link Invoices#state} does, and appends the timeline entries as
     * {@link #record(Handle, Input, Locale)} writes them. The invoices are locked by the caller.
     */
    private Map<String, Long> insertAll(Handle handle, String source, List<Allocated> payments, UUID actor) {
        List<Map<String, Object>> recorded = handle.createQuery("""
                WITH input AS (
                    SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:invoices AS uuid[]), CAST(:persons AS uuid[]),
                                         CAST(:organizations AS bigint[]), CAST(:amounts AS numeric[]),
                                         CAST(:received AS date[]), CAST(:notes AS text[]))
                        WITH ORDINALITY AS t(key, invoice, person, organization, amount, received, note, n)),
                running AS (
                    SELECT t.*, sum(t.amount) OVER (PARTITION BY t.invoice ORDER BY t.n) AS upto FROM input t),
                inserted AS (
                    INSERT INTO payments (kind, source, idempotency_key, invoice_id, person_id, organization_id, amount,
                        received_on, note, actor_id)
                    SELECT 'PAYMENT', :source, t.key, t.invoice,
                           CASE WHEN t.invoice IS NULL THEN t.person ELSE i.person_id END,
                           CASE WHEN t.invoice IS NULL THEN t.organization ELSE i.organization_id END,
                           t.amount, t.received, t.note, :actor
                    FROM running t LEFT JOIN invoices i ON i.id = t.invoice
                    WHERE t.invoice IS NULL AND (t.person IS NOT NULL OR t.organization IS NOT NULL)
                       OR i.status <> 'CANCELLED' AND i.paid + t.upto <= :most
                    ORDER BY t.n
                    ON CONFLICT (idempotency_key) DO NOTHING
                    RETURNING id, idempotency_key, invoice_id, person_id, amount),
                raised AS (
                    UPDATE invoices i SET paid = i.paid + s.amount,
                        status = CASE WHEN i.paid + s.amount > 0 AND i.paid + s.amount >= i.total OR i.total = 0
                                      THEN 'PAID' WHEN i.paid + s.amount > 0 THEN 'PARTIAL' ELSE 'ISSUED' END
                    FROM (SELECT invoice_id, sum(amount) AS amount FROM inserted WHERE invoice_id IS NOT NULL
                          GROUP BY invoice_id) s
                    WHERE i.id = s.invoice_id
                    RETURNING i.id)
                SELECT r.id, r.idempotency_key, r.person_id, r.amount, i.number
                FROM inserted r LEFT JOIN invoices i ON i.id = r.invoice_id
                ORDER BY r.id""")
                .bindArray("keys", String.class, payments.stream().map(Allocated::idempotencyKey).toArray())
                .bindArray("invoices", UUID.class, payments.stream().map(Allocated::invoiceId).toArray())
                .bindArray("persons", UUID.class, payments.stream().map(Allocated::personId).toArray())
                .bindArray("organizations", Long.class, payments.stream().map(Allocated::organizationId).toArray())
                .bindArray("amounts", String.class, payments.stream().map(p -> p.amount().toPlainString()).toArray())
                .bindArray("received", String.class, payments.stream().map(p -> p.receivedOn().toString()).toArray())
                .bindArray("notes", String.class, payments.stream().map(Allocated::note).toArray())
                .bind("source", source).bind("actor", actor).bind("most", Amounts.MAX).mapToMap().list();
        Map<String, Long> ids = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        Instant now = clock.instant();
        for (Map<String, Object> row : recorded) {
            long id = ((Number) row.get("id")).longValue();
            ids.put((String) row.get("idempotency_key"), id);
            UUID person = (UUID) row.get("person_id");
            if (person != null) {
                entries.add(timelineEntry(person, id, "PAYMENT", (BigDecimal) row.get("amount"),
                        (String) row.get("number"), actor, now));
            }
        }
        timeline.appendAll(handle, entries);
        return ids;
    }

    /** The entry a payment or refund puts on its person's timeline. */
    private static Entry timelineEntry(UUID person, long payment, String kind, BigDecimal amount, String invoiceNumber,
            UUID actor, Instant at) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("payment", payment);
        details.put("kind", kind);
        details.put("amount", amount.toPlainString());
        details.put("invoice", invoiceNumber);
        return Entry.of(person, Kind.PAYMENT, at, (kind.equals("REFUND") ? "-" : "+") + amount.toPlainString()
                + (invoiceNumber == null ? "" : " · " + invoiceNumber), details, actor, "payment:" + payment);
    }

    /**
     * A payer's balance: received less refunded less invoiced (cancelled invoices aside). Above zero
     * the payer has money with us; below zero they owe.
     */
    public BigDecimal balance(Handle handle, UUID person, Long organization) {
        String who = person != null ? "person_id = :who" : "organization_id = :who";
        Object whom = person != null ? person : organization;
        BigDecimal payments = handle.createQuery("""
                SELECT coalesce(sum(CASE kind WHEN 'PAYMENT' THEN amount ELSE -amount END), 0)
                FROM payments WHERE \s""" + who).bind("who", whom).mapTo(BigDecimal.class).one();
        BigDecimal invoiced = handle.createQuery("SELECT coalesce(sum(total), 0) FROM invoices WHERE status <> 'CANCELLED' AND "
                + who).bind("who", whom).mapTo(BigDecimal.class).one();
        return payments.subtract(invoiced).setScale(2);
    }

    public BigDecimal balance(UUID person, Long organization) {
        return jdbi.withHandle(handle -> balance(handle, person, organization));
    }

    public List<Payment> ofPerson(UUID person) {
        return jdbi.withHandle(handle -> list(handle, "p.person_id = :id", person));
    }

    public List<Payment> ofOrganization(long organization) {
        return jdbi.withHandle(handle -> list(handle, "p.organization_id = :id", organization));
    }

    public Payment payment(long id, Locale locale) {
        return jdbi.withHandle(handle -> find(handle, id))
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "billing.paymentNotFound")));
    }

    Optional<Payment> byKey(Handle handle, String key) {
        return list(handle, "p.idempotency_key = :id", key).stream().findFirst();
    }

    private Optional<Payment> find(Handle handle, long id) {
        return list(handle, "p.id = :id", id).stream().findFirst();
    }

    private static List<Payment> list(Handle handle, String where, Object id) {
        return handle.createQuery("""
                SELECT p.id, p.kind, p.source, p.idempotency_key, p.invoice_id, i.number, p.person_id,
                       p.organization_id, p.amount, p.received_on, p.note
                FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
                WHERE \s""" + where + " ORDER BY p.received_on DESC, p.id DESC").bind("id", id)
                .map((rs, ctx) -> new Payment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getObject(7, UUID.class),
                        rs.getObject(8) == null ? null : rs.getLong(8), rs.getBigDecimal(9),
                        rs.getObject(10, LocalDate.class), rs.getString(11))).list();
    }
}
