package org.matricula.platform.crm.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * Invoices: issued from a quote, numbered per year without gaps ({@code 2026-00001}, ...), with
 * their lines, discount, VAT and instalments; their state follows the payments on them.
 */
public final class Invoices {

    /** VAT included in a price, as a fraction of the gross: 20/120. */
    private static final BigDecimal VAT_RATE = new BigDecimal("20");
    private static final BigDecimal VAT_GROSS = new BigDecimal("120");

    private final Jdbi jdbi;
    private final Prices prices;
    private final Timeline timeline;
    private final Clock clock;
    private final ZoneId zone;

    public Invoices(Jdbi jdbi, Prices prices, Timeline timeline, Clock clock, ZoneId zone) {
        this.jdbi = jdbi;
        this.prices = prices;
        this.timeline = timeline;
        this.clock = clock;
        this.zone = zone;
    }

    public record Line(int position, String description, int quantity, BigDecimal unitPrice, BigDecimal amount) {
    }

    public record Instalment(int position, LocalDate dueDate, BigDecimal amount) {
    }

    public record Invoice(UUID id, String number, int year, int seq, UUID personId, Long organizationId,
            Long programId, UUID declarationId, LocalDate issuedOn, BigDecimal subtotal, BigDecimal discount,
            BigDecimal total, boolean vat, BigDecimal vatAmount, BigDecimal paid, String status, String locale,
            List<Line> lines, List<Instalment> instalments) {

        /** What is still owed on it: never below zero (an overpayment is the payer's balance). */
        public BigDecimal due() {
            return status.equals("CANCELLED") ? BigDecimal.ZERO.setScale(2) : total.subtract(paid).max(BigDecimal.ZERO);
        }
    }

    public record Request(UUID personId, Long organizationId, long programId, LocalDate startDate, String promoCode,
            Long planId, boolean vat, UUID declarationId, String locale) {
    }

    /** The state an invoice is in once this much is paid on it. */
    static String state(BigDecimal total, BigDecimal paid) {
        if (paid.signum() > 0 && paid.compareTo(total) >= 0 || total.signum() == 0) {
            return "PAID";
        }
        return paid.signum() > 0 ? "PARTIAL" : "ISSUED";
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** Issues an invoice in its own transaction. */
    public Invoice issue(Request request, Locale locale) {
        UUID id = jdbi.inTransaction(handle -> issue(handle, request, locale));
        return invoice(id, locale);
    }

    /**
     * Issues an invoice in the caller's transaction: takes the year's next number (the counter row
     * stays locked until the transaction ends, so numbers never repeat and a rollback leaves no gap),
     * counts the promo code's use and puts the invoice on the person's timeline.
     */
    public UUID issue(Handle handle, Request request, Locale locale) {
        LocalDate today = today();
        Prices.Quote quote = prices.quote(handle, request.programId(), request.startDate(), request.personId(),
                request.promoCode(), request.planId(), today, locale);
        quote.discount().ifPresent(discount -> prices.use(handle, discount, locale));
        int year = today.getYear();
        int seq = nextInYear(handle, year);
        String number = number(year, seq);
        BigDecimal vatAmount = vatIn(quote.total(), request.vat());
        UUID id = handle.createQuery("""
                INSERT INTO invoices (year, seq, number, person_id, organization_id, program_id, declaration_id,
                    discount_id, plan_id, issued_on, subtotal, discount, total, vat, vat_amount, paid, status, locale)
                VALUES (:year, :seq, :number, :person, :organization, :program, :declaration, :discountId, :plan,
                    :issued, :subtotal, :discount, :total, :vat, :vatAmount, 0, :status, :locale)
                RETURNING id""")
                .bind("year", year).bind("seq", seq).bind("number", number).bind("person", request.personId())
                .bind("organization", request.organizationId()).bind("program", request.programId())
                .bind("declaration", request.declarationId())
                .bind("discountId", quote.discount().map(Prices.Discount::id).orElse(null))
                .bind("plan", quote.plan().map(Prices.Plan::id).orElse(null)).bind("issued", today)
                .bind("subtotal", quote.subtotal()).bind("discount", quote.off()).bind("total", quote.total())
                .bind("vat", request.vat()).bind("vatAmount", vatAmount)
                .bind("status", state(quote.total(), BigDecimal.ZERO))
                .bind("locale", request.locale() == null ? locale.getLanguage() : request.locale())
                .mapTo(UUID.class).one();
        handle.createUpdate("""
                INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, amount)
                VALUES (:invoice, 1, :description, 1, :price, :price)""").bind("invoice", id)
                .bind("description", quote.program()).bind("price", quote.subtotal()).execute();
        List<BigDecimal> parts = quote.instalments();
        for (int i = 0; i < parts.size(); i++) {
            // one part, due in ten days, when the program has no plan
            LocalDate due = quote.plan().isPresent() ? quote.plan().get().parts().get(i).dueDate() : today.plusDays(10);
            handle.createUpdate("""
                    INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)
                    VALUES (:invoice, :position, :due, :amount)""").bind("invoice", id).bind("position", i + 1)
                    .bind("due", due).bind("amount", parts.get(i)).execute();
        }
        if (request.personId() != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("invoice", id.toString());
            details.put("number", number);
            details.put("total", quote.total().toPlainString());
            timeline.append(handle, Entry.of(request.personId(), Kind.INVOICE, clock.instant(),
                    number + " · " + quote.program() + " · " + quote.total().toPlainString(), details, null,
                    "invoice:" + id));
        }
        return id;
    }

    /**
     * Issues an organization's invoice for a number of seats at an agreed price per seat (a B2B deal
     * won), in the caller's transaction: one line, one instalment due in {@code dueInDays} days.
     */
    public UUID issueSeats(Handle handle, long organizationId, long programId, String description, int seats,
            BigDecimal pricePerSeat, boolean vat, int dueInDays, String locale) {
        LocalDate today = today();
        BigDecimal total = pricePerSeat.multiply(BigDecimal.valueOf(seats)).setScale(2, RoundingMode.UNNECESSARY);
        int year = today.getYear();
        int seq = nextInYear(handle, year);
        BigDecimal vatAmount = vatIn(total, vat);
        UUID id = handle.createQuery("""
                INSERT INTO invoices (year, seq, number, organization_id, program_id, issued_on, subtotal, discount,
                    total, vat, vat_amount, paid, status, locale)
                VALUES (:year, :seq, :number, :organization, :program, :issued, :total, 0, :total, :vat, :vatAmount,
                    0, :status, :locale)
                RETURNING id""")
                .bind("year", year).bind("seq", seq).bind("number", number(year, seq))
                .bind("organization", organizationId).bind("program", programId).bind("issued", today)
                .bind("total", total).bind("vat", vat).bind("vatAmount", vatAmount)
                .bind("status", state(total, BigDecimal.ZERO)).bind("locale", locale)
                .mapTo(UUID.class).one();
        handle.createUpdate("""
                INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, amount)
                VALUES (:invoice, 1, :description, :seats, :price, :total)""").bind("invoice", id)
                .bind("description", description).bind("seats", seats).bind("price", pricePerSeat)
                .bind("total", total).execute();
        handle.createUpdate("""
                INSERT INTO invoice_instalments (invoice_id, position, due_date, amount)
                VALUES (:invoice, 1, :due, :amount)""").bind("invoice", id).bind("due", today.plusDays(dueInDays))
                .bind("amount", total).execute();
        return id;
    }

    /**
     * Cancels an invoice. Its number stays taken and is never given again (the counter only goes
     * up); it no longer counts as invoiced, so what was paid on it is the payer's balance, and it
     * takes no more payments.
     */
    public Invoice cancel(UUID id, UUID actor, Locale locale) {
        jdbi.useTransaction(handle -> {
            String status = handle.createQuery("SELECT status FROM invoices WHERE id = :id FOR UPDATE").bind("id", id)
                    .mapTo(String.class).findOne()
                    .orElseThrow(() -> new NotFoundException(Messages.text(locale, "billing.invoiceNotFound")));
            if (status.equals("CANCELLED")) {
                throw org.matricula.platform.errors.Conflict.localized("billing.invoice.alreadyCancelled");
            }
            handle.createUpdate("UPDATE invoices SET status = 'CANCELLED' WHERE id = :id").bind("id", id).execute();
            Invoice invoice = find(handle, id).orElseThrow();
            if (invoice.personId() != null) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("invoice", id.toString());
                details.put("number", invoice.number());
                details.put("status", "CANCELLED");
                timeline.append(handle, Entry.of(invoice.personId(), Kind.INVOICE, clock.instant(),
                        invoice.number() + " · " + Messages.text(locale, "billing.state.CANCELLED"), details, actor,
                        "invoice-cancelled:" + id));
            }
        });
        return invoice(id, locale);
    }

    /**
     * The next number of the year, in the caller's transaction: the year's counter row stays locked
     * until it ends, so numbers are gap-free and never given twice.
     */
    private static int nextInYear(Handle handle, int year) {
        return handle.createQuery("""
                INSERT INTO invoice_counters (year, last) VALUES (:year, 1)
                ON CONFLICT (year) DO UPDATE SET last = invoice_counters.last + 1 RETURNING last""")
                .bind("year", year).mapTo(Integer.class).one();
    }

    /** The VAT included in a total, when the invoice carries VAT. */
    private static BigDecimal vatIn(BigDecimal total, boolean vat) {
        return vat ? total.multiply(VAT_RATE).divide(VAT_GROSS, 2, RoundingMode.HALF_UP) : BigDecimal.ZERO.setScale(2);
    }

    static String number(int year, int seq) {
        return year + "-" + String.format(Locale.ROOT, "%05d", seq);
    }

    public Invoice invoice(UUID id, Locale locale) {
        return jdbi.withHandle(handle -> find(handle, id))
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "billing.invoiceNotFound")));
    }

    public Optional<Invoice> byNumber(Handle handle, String number) {
        return handle.createQuery("SELECT id FROM invoices WHERE number = :number").bind("number", number)
                .mapTo(UUID.class).findOne().flatMap(id -> find(handle, id));
    }

    Optional<Invoice> find(Handle handle, UUID id) {
        return handle.createQuery("""
                SELECT id, number, year, seq, person_id, organization_id, program_id, declaration_id, issued_on,
                       subtotal, discount, total, vat, vat_amount, paid, status, locale
                FROM invoices WHERE id = :id""").bind("id", id)
                .map((rs, ctx) -> new Invoice(rs.getObject("id", UUID.class), rs.getString("number"),
                        rs.getInt("year"), rs.getInt("seq"), rs.getObject("person_id", UUID.class),
                        rs.getObject("organization_id") == null ? null : rs.getLong("organization_id"),
                        rs.getObject("program_id") == null ? null : rs.getLong("program_id"),
                        rs.getObject("declaration_id", UUID.class), rs.getObject("issued_on", LocalDate.class),
                        rs.getBigDecimal("subtotal"), rs.getBigDecimal("discount"), rs.getBigDecimal("total"),
                        rs.getBoolean("vat"), rs.getBigDecimal("vat_amount"), rs.getBigDecimal("paid"),
                        rs.getString("status"), rs.getString("locale"), lines(handle, id), instalments(handle, id)))
                .findOne();
    }

    /** The invoices of a person, newest first. */
    public List<Invoice> ofPerson(UUID person) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id FROM invoices WHERE person_id = :person ORDER BY issued_on DESC, number DESC""")
                .bind("person", person).mapTo(UUID.class).list().stream()
                .map(id -> find(handle, id).orElseThrow()).toList());
    }

    /** The invoices of an organization, newest first. */
    public List<Invoice> ofOrganization(long organization) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id FROM invoices WHERE organization_id = :organization ORDER BY issued_on DESC, number DESC""")
                .bind("organization", organization).mapTo(UUID.class).list().stream()
                .map(id -> find(handle, id).orElseThrow()).toList());
    }

    private static List<Line> lines(Handle handle, UUID invoice) {
        return handle.createQuery("""
                SELECT position, description, quantity, unit_price, amount FROM invoice_lines
                WHERE invoice_id = :invoice ORDER BY position""").bind("invoice", invoice)
                .map((rs, ctx) -> new Line(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5))).list();
    }

    private static List<Instalment> instalments(Handle handle, UUID invoice) {
        return handle.createQuery("""
                SELECT position, due_date, amount FROM invoice_instalments
                WHERE invoice_id = :invoice ORDER BY position""").bind("invoice", invoice)
                .map((rs, ctx) -> new Instalment(rs.getInt(1), rs.getObject(2, LocalDate.class), rs.getBigDecimal(3)))
                .list();
    }
}
