package org.matricula.platform.crm.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.billing.Invoices;
import org.matricula.platform.crm.billing.Payments;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/**
 * Imports bank statements: each incoming payment document becomes a bank line once (a statement
 * imported twice adds nothing), matched to an invoice by the invoice number in the payment's
 * purpose, or else to a payer by an INN (the payer's, or one in the purpose) a manager has tied to
 * a person or organization before; then recorded as a payment keyed by the document, so it is
 * never counted twice. Lines matched to nothing wait for a manager.
 */
public final class Statements {

    /** An invoice number in a payment's purpose: {@code 2026-00012}. */
    private static final Pattern INVOICE = Pattern.compile("(?<!\\d)(\\d{4}-\\d{5})(?!\\d)");
    private static final Pattern INN = Pattern.compile("(?<!\\d)(\\d{12}|\\d{10})(?!\\d)");

    private final Jdbi jdbi;
    private final Invoices invoices;
    private final Payments payments;
    private final String ourAccount;
    private final String ourInn;

    public Statements(Jdbi jdbi, Invoices invoices, Payments payments, String ourAccount, String ourInn) {
        this.jdbi = jdbi;
        this.invoices = invoices;
        this.payments = payments;
        this.ourAccount = ourAccount.strip();
        this.ourInn = ourInn.strip();
    }

    public record Imported(long importId, int documents, int incoming, int added, int matched, int unmatched,
            int known, List<Integer> unreadable) {
    }

    public record Line(long id, String number, LocalDate date, BigDecimal amount, String payer, String payerInn,
            String payerAccount, String purpose, String state, Long paymentId) {
    }

    /** Imports one statement in one transaction. */
    public Imported importStatement(byte[] file, String fileName, UUID actor, Locale locale) {
        if (file == null || !ClientBankExchange.recognizes(file)) {
            throw InvalidInputException.field("file", Messages.text(locale, "bank.notAStatement"));
        }
        List<ClientBankExchange.Document> documents = ClientBankExchange.documents(file);
        return jdbi.inTransaction(handle -> {
            long importId = handle.createQuery("""
                    INSERT INTO bank_imports (file_name, documents, added, matched, actor_id)
                    VALUES (:name, :documents, 0, 0, :actor) RETURNING id""")
                    .bind("name", fileName == null ? "" : fileName).bind("documents", documents.size())
                    .bind("actor", actor).mapTo(Long.class).one();
            int incoming = 0;
            int added = 0;
            int matched = 0;
            int known = 0;
            List<Integer> unreadable = new ArrayList<>();
            for (ClientBankExchange.Document document : documents) {
                if (!incoming(document)) {
                    continue;
                }
                incoming++;
                if (!document.readable()) {
                    unreadable.add(document.line());
                    continue;
                }
                String key = "bank:" + document.date() + ":" + document.get(ClientBankExchange.NUMBER) + ":"
                        + document.get(ClientBankExchange.PAYER_ACCOUNT) + ":" + document.amount().toPlainString();
                Optional<Long> line = handle.createQuery("""
                        INSERT INTO bank_lines (import_id, doc_key, doc_number, doc_date, amount, payer, payer_inn,
                            payer_account, purpose, state)
                        VALUES (:import, :key, :number, :date, :amount, :payer, :inn, :account, :purpose, 'UNMATCHED')
                        ON CONFLICT (doc_key) DO NOTHING RETURNING id""")
                        .bind("import", importId).bind("key", key)
                        .bind("number", document.get(ClientBankExchange.NUMBER)).bind("date", document.date())
                        .bind("amount", document.amount().setScale(2)).bind("payer", document.payer())
                        .bind("inn", document.get(ClientBankExchange.PAYER_INN))
                        .bind("account", document.get(ClientBankExchange.PAYER_ACCOUNT))
                        .bind("purpose", document.get(ClientBankExchange.PURPOSE)).mapTo(Long.class).findOne();
                if (line.isEmpty()) {
                    known++;
                    continue;
                }
                added++;
                if (match(handle, line.get(), actor, locale)) {
                    matched++;
                }
            }
            handle.createUpdate("UPDATE bank_imports SET added = :added, matched = :matched WHERE id = :id")
                    .bind("added", added).bind("matched", matched).bind("id", importId).execute();
            return new Imported(importId, documents.size(), incoming, added, matched, added - matched, known,
                    unreadable);
        });
    }

    private boolean incoming(ClientBankExchange.Document document) {
        if (!ourAccount.isEmpty()) {
            return ourAccount.equals(document.get(ClientBankExchange.RECIPIENT_ACCOUNT));
        }
        return ourInn.isEmpty() || ourInn.equals(document.get(ClientBankExchange.RECIPIENT_INN));
    }

    /** Matches a new line by an invoice number or a known INN; false when it waits for a manager. */
    private boolean match(Handle handle, long lineId, UUID actor, Locale locale) {
        Line line = line(handle, lineId).orElseThrow();
        Matcher number = INVOICE.matcher(line.purpose());
        while (number.find()) {
            Optional<Invoices.Invoice> invoice = invoices.byNumber(handle, number.group(1))
                    .filter(found -> !found.status().equals("CANCELLED"));
            if (invoice.isPresent()) {
                pay(handle, line, invoice.get().id(), null, null, actor, locale);
                return true;
            }
        }
        List<String> inns = new ArrayList<>();
        if (!line.payerInn().isEmpty()) {
            inns.add(line.payerInn());
        }
        Matcher inn = INN.matcher(line.purpose());
        while (inn.find()) {
            inns.add(inn.group(1));
        }
        for (String candidate : inns) {
            Optional<Map<String, Object>> payer = handle.createQuery(
                    "SELECT person_id, organization_id FROM billing_payers WHERE inn = :inn").bind("inn", candidate)
                    .mapToMap().findOne();
            if (payer.isPresent()) {
                UUID person = (UUID) payer.get().get("person_id");
                Long organization = (Long) payer.get().get("organization_id");
                Optional<Invoices.Invoice> open = invoices.oldestOpen(handle, person, organization);
                pay(handle, line, open.map(Invoices.Invoice::id).orElse(null), person, organization, actor, locale);
                return true;
            }
        }
        return false;
    }

    private void pay(Handle handle, Line line, UUID invoice, UUID person, Long organization, UUID actor,
            Locale locale) {
        Payments.Recorded recorded = payments.record(handle, new Payments.Input("PAYMENT", "BANK",
                "bank-line:" + line.id(), invoice, person, organization, line.amount().toPlainString(),
                line.date().toString(), line.payer() + " · " + line.purpose(), actor), locale);
        handle.createUpdate("UPDATE bank_lines SET state = 'MATCHED', payment_id = :payment WHERE id = :id")
                .bind("payment", recorded.payment().id()).bind("id", line.id()).execute();
    }

    /**
     * A manager matches a waiting line to an invoice, a person or an organization; with an INN on
     * the line, the payer is remembered for the next statements.
     */
    public Line matchByHand(long lineId, UUID invoice, UUID person, Long organization, UUID actor, Locale locale) {
        if (invoice == null && person == null && organization == null) {
            throw InvalidInputException.field("invoiceId", Messages.text(locale, "billing.payment.whose"));
        }
        return jdbi.inTransaction(handle -> {
            Line line = handle.createQuery("SELECT id FROM bank_lines WHERE id = :id FOR UPDATE").bind("id", lineId)
                    .mapTo(Long.class).findOne().flatMap(id -> line(handle, id))
                    .orElseThrow(() -> new NotFoundException(Messages.text(locale, "bank.lineNotFound")));
            if (!line.state().equals("UNMATCHED")) {
                throw new Conflict(Messages.text(locale, "bank.lineMatched"));
            }
            UUID payerPerson = person;
            Long payerOrganization = organization;
            if (invoice != null) {
                Invoices.Invoice found = invoices.invoice(invoice, locale);
                payerPerson = found.personId();
                payerOrganization = found.organizationId();
            }
            pay(handle, line, invoice, person, organization, actor, locale);
            if (line.payerInn().matches("\\d{10}|\\d{12}") && (payerPerson != null || payerOrganization != null)) {
                handle.createUpdate("""
                        INSERT INTO billing_payers (inn, person_id, organization_id) VALUES (:inn, :person, :org)
                        ON CONFLICT (inn) DO UPDATE SET person_id = :person, organization_id = :org""")
                        .bind("inn", line.payerInn()).bind("person", payerOrganization == null ? payerPerson : null)
                        .bind("org", payerOrganization).execute();
            }
            return line(handle, lineId).orElseThrow();
        });
    }

    /** Lines in a state (UNMATCHED: the manager's work list), oldest first. */
    public List<Line> lines(String state, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT + " WHERE state = :state ORDER BY doc_date, id LIMIT :limit")
                .bind("state", state).bind("limit", limit).map((rs, ctx) -> line(rs)).list());
    }

    private static final String SELECT = """
            SELECT id, doc_number, doc_date, amount, payer, payer_inn, payer_account, purpose, state, payment_id
            FROM bank_lines""";

    private static Optional<Line> line(Handle handle, long id) {
        return handle.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> line(rs)).findOne();
    }

    private static Line line(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Line(rs.getLong("id"), rs.getString("doc_number"), rs.getObject("doc_date", LocalDate.class),
                rs.getBigDecimal("amount"), rs.getString("payer"), rs.getString("payer_inn"),
                rs.getString("payer_account"), rs.getString("purpose"), rs.getString("state"),
                rs.getObject("payment_id") == null ? null : rs.getLong("payment_id"));
    }

    /** Summary for the import screen. */
    public static Map<String, Object> json(Imported imported) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("importId", imported.importId());
        body.put("documents", imported.documents());
        body.put("incoming", imported.incoming());
        body.put("added", imported.added());
        body.put("matched", imported.matched());
        body.put("unmatched", imported.unmatched());
        body.put("known", imported.known());
        body.put("unreadable", imported.unreadable());
        return body;
    }
}
