package org.matricula.platform.crm.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
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

    /**
     * @param unreadable        the lines where the incoming documents that cannot be kept start
     * @param unreadableReasons the same documents, each with why it cannot be kept
     */
    public record Imported(long importId, int documents, int incoming, int added, int matched, int unmatched,
            int known, List<Integer> unreadable, List<Unreadable> unreadableReasons) {
    }

    /** An incoming document that cannot be kept: the line it starts on and why, in the reader's language. */
    public record Unreadable(int line, String reason) {
    }

    public record Line(long id, String number, LocalDate date, BigDecimal amount, String payer, String payerInn,
            String payerAccount, String purpose, String state, Long paymentId) {
    }

    /** Lines written and matched per statement: a statement of 10,000 lines takes ten of each. */
    static final int BATCH = 1_000;

    /**
     * Imports one statement in one transaction, a batch of lines at a time: the batch's lines are
     * inserted by one statement (a line already imported, by its document key, is skipped); the
     * invoice numbers in their purposes are looked up by one query and the payments to those
     * invoices recorded by a few statements ({@link Payments#recordOnInvoices}); the lines naming no
     * invoice are then matched by a known INN, also by one query, and recorded by a few statements
     * ({@link Payments#recordFromPayers}).
     */
    public Imported importStatement(byte[] file, String fileName, UUID actor, Locale locale) {
        if (file == null || !ClientBankExchange.recognizes(file)) {
            throw InvalidInputException.field("file", Messages.text(locale, "bank.notAStatement"));
        }
        List<ClientBankExchange.Document> documents = ClientBankExchange.documents(file);
        if (documents.isEmpty()) {
            // Most often a statement saved again as UTF-8: in the format's own encodings no key reads.
            throw InvalidInputException.field("file", Messages.text(locale, "bank.noDocuments"));
        }
        return jdbi.inTransaction(handle -> {
            long importId = handle.createQuery("""
                    INSERT INTO bank_imports (file_name, documents, added, matched, actor_id)
                    VALUES (:name, :documents, 0, 0, :actor) RETURNING id""")
                    .bind("name", fileName == null ? "" : fileName).bind("documents", documents.size())
                    .bind("actor", actor).mapTo(Long.class).one();
            int incoming = 0;
            List<Integer> unreadable = new ArrayList<>();
            List<Unreadable> reasons = new ArrayList<>();
            List<ClientBankExchange.Document> readable = new ArrayList<>();
            for (ClientBankExchange.Document document : documents) {
                if (!incoming(document)) {
                    continue;
                }
                incoming++;
                String problem = document.problem();
                if (problem == null) {
                    readable.add(document);
                } else {
                    unreadable.add(document.line());
                    reasons.add(new Unreadable(document.line(), Messages.text(locale, problem)));
                }
            }
            int added = 0;
            int matched = 0;
            for (int from = 0; from < readable.size(); from += BATCH) {
                List<Line> lines = insertLines(handle, importId, readable.subList(from,
                        Math.min(readable.size(), from + BATCH)));
                added += lines.size();
                matched += match(handle, lines, actor);
            }
            handle.createUpdate("UPDATE bank_imports SET added = :added, matched = :matched WHERE id = :id")
                    .bind("added", added).bind("matched", matched).bind("id", importId).execute();
            return new Imported(importId, documents.size(), incoming, added, matched, added - matched,
                    readable.size() - added, unreadable, reasons);
        });
    }

    /** Inserts the documents as lines in one statement; answers the lines new to the table, in file order. */
    private static List<Line> insertLines(Handle handle, long importId, List<ClientBankExchange.Document> documents) {
        List<String> keys = new ArrayList<>();
        for (ClientBankExchange.Document document : documents) {
            keys.add("bank:" + document.date() + ":" + document.get(ClientBankExchange.NUMBER) + ":"
                    + document.get(ClientBankExchange.PAYER_ACCOUNT) + ":" + document.amount().toPlainString());
        }
        return handle.createQuery("""
                INSERT INTO bank_lines (import_id, doc_key, doc_number, doc_date, amount, payer, payer_inn,
                    payer_account, purpose, state)
                SELECT :import, d.key, d.number, d.date, d.amount, d.payer, d.inn, d.account, d.purpose, 'UNMATCHED'
                FROM unnest(CAST(:keys AS text[]), CAST(:numbers AS text[]), CAST(:dates AS date[]),
                            CAST(:amounts AS numeric[]), CAST(:payers AS text[]), CAST(:inns AS text[]),
                            CAST(:accounts AS text[]), CAST(:purposes AS text[]))
                    WITH ORDINALITY AS d(key, number, date, amount, payer, inn, account, purpose, n)
                ORDER BY d.n
                ON CONFLICT (doc_key) DO NOTHING
                RETURNING id, doc_number, doc_date, amount, payer, payer_inn, payer_account, purpose, state, payment_id""")
                .bind("import", importId)
                .bindArray("keys", String.class, keys.toArray())
                .bindArray("numbers", String.class, documents.stream()
                        .map(document -> document.get(ClientBankExchange.NUMBER)).toArray())
                .bindArray("dates", String.class, documents.stream().map(document -> document.date().toString())
                        .toArray())
                .bindArray("amounts", String.class, documents.stream()
                        .map(document -> document.amount().setScale(2).toPlainString()).toArray())
                .bindArray("payers", String.class, documents.stream().map(ClientBankExchange.Document::payer)
                        .toArray())
                .bindArray("inns", String.class, documents.stream()
                        .map(document -> document.get(ClientBankExchange.PAYER_INN)).toArray())
                .bindArray("accounts", String.class, documents.stream()
                        .map(document -> document.get(ClientBankExchange.PAYER_ACCOUNT)).toArray())
                .bindArray("purposes", String.class, documents.stream()
                        .map(document -> document.get(ClientBankExchange.PURPOSE)).toArray())
                .map((rs, ctx) -> line(rs)).list().stream().sorted(java.util.Comparator.comparingLong(Line::id))
                .toList();
    }

    /**
     * Matches new lines: those naming an open invoice (the first number in the purpose that is an
     * invoice not cancelled) are paid to it together; the others naming a known INN (the payer's,
     * or else the first in the purpose that is known) are paid by that payer together, each to the
     * payer's oldest invoice still open ({@link Payments#recordFromPayers}). A few statements per
     * batch, whatever the number of lines. Answers how many were matched.
     */
    private int match(Handle handle, List<Line> lines, UUID actor) {
        if (lines.isEmpty()) {
            return 0;
        }
        Map<Long, UUID> invoiceOf = firstFound(handle, lines, INVOICE, line -> List.of(), """
                SELECT c.line, i.id FROM unnest(CAST(:lines AS bigint[]), CAST(:candidates AS text[]))
                    WITH ORDINALITY AS c(line, candidate, n)
                JOIN invoices i ON i.number = c.candidate AND i.status <> 'CANCELLED'
                ORDER BY c.n""", (rs, ctx) -> rs.getObject(2, UUID.class));
        List<Payments.ToInvoice> toInvoices = new ArrayList<>();
        List<Line> naming = new ArrayList<>();
        for (Line line : lines) {
            UUID invoice = invoiceOf.get(line.id());
            if (invoice != null) {
                toInvoices.add(new Payments.ToInvoice(key(line), invoice, line.amount(), line.date(), note(line)));
            } else {
                naming.add(line);
            }
        }
        Map<String, Long> paid = new HashMap<>(payments.recordOnInvoices(handle, "BANK", toInvoices, actor));
        Map<Long, Payer> payerOf = firstFound(handle, naming, INN,
                line -> line.payerInn().isEmpty() ? List.of() : List.of(line.payerInn()), """
                SELECT c.line, p.person_id, p.organization_id
                FROM unnest(CAST(:lines AS bigint[]), CAST(:candidates AS text[])) WITH ORDINALITY AS c(line, candidate, n)
                JOIN billing_payers p ON p.inn = c.candidate
                ORDER BY c.n""", (rs, ctx) -> new Payer(rs.getObject(2, UUID.class),
                        rs.getObject(3) == null ? null : rs.getLong(3)));
        List<Payments.FromPayer> fromPayers = new ArrayList<>();
        for (Line line : naming) {
            Payer payer = payerOf.get(line.id());
            if (payer != null) {
                fromPayers.add(new Payments.FromPayer(key(line), payer.person(), payer.organization(), line.amount(),
                        line.date(), note(line)));
            }
        }
        paid.putAll(payments.recordFromPayers(handle, "BANK", fromPayers, actor));
        List<Long> paidLines = new ArrayList<>();
        List<Long> paymentIds = new ArrayList<>();
        for (Line line : lines) {
            Long payment = paid.get(key(line));
            if (payment != null) {
                paidLines.add(line.id());
                paymentIds.add(payment);
            }
        }
        if (!paidLines.isEmpty()) {
            handle.createUpdate("""
                    UPDATE bank_lines l SET state = 'MATCHED', payment_id = m.payment
                    FROM unnest(CAST(:lines AS bigint[]), CAST(:payments AS bigint[])) AS m(line, payment)
                    WHERE l.id = m.line""")
                    .bindArray("lines", Long.class, paidLines.toArray())
                    .bindArray("payments", Long.class, paymentIds.toArray()).execute();
        }
        return paidLines.size();
    }

    /** Who pays from a known INN: a person or an organization. */
    private record Payer(UUID person, Long organization) {
    }

    /**
     * Looks up the candidates of many lines by one query: each line's {@code first} candidates, then
     * those the pattern finds in its purpose, in order; answers per line what its first candidate
     * that the query finds maps to ({@code query} answers the line id first, in candidate order).
     */
    private static <T> Map<Long, T> firstFound(Handle handle, List<Line> lines, Pattern pattern,
            Function<Line, List<String>> first, String query, RowMapper<T> found) {
        List<Long> candidateLines = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (Line line : lines) {
            for (String candidate : first.apply(line)) {
                candidateLines.add(line.id());
                candidates.add(candidate);
            }
            Matcher matcher = pattern.matcher(line.purpose());
            while (matcher.find()) {
                candidateLines.add(line.id());
                candidates.add(matcher.group(1));
            }
        }
        Map<Long, T> firstFound = new HashMap<>();
        if (!candidateLines.isEmpty()) {
            handle.createQuery(query)
                    .bindArray("lines", Long.class, candidateLines.toArray())
                    .bindArray("candidates", String.class, candidates.toArray())
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), found.map(rs, ctx)))
                    .forEach(entry -> firstFound.putIfAbsent(entry.getKey(), entry.getValue()));
        }
        return firstFound;
    }

    /** The idempotency key of a line's payment: a line is paid once. */
    private static String key(Line line) {
        return "bank-line:" + line.id();
    }

    /**
     * The payment's note: who paid and what for, cut to what a note keeps (a line imported before
     * a statement's values were cut may be longer).
     */
    private static String note(Line line) {
        String note = line.payer() + " · " + line.purpose();
        return note.length() <= Payments.NOTE_MAX ? note : note.substring(0, Payments.NOTE_MAX);
    }

    private boolean incoming(ClientBankExchange.Document document) {
        if (!ourAccount.isEmpty()) {
            return ourAccount.equals(document.get(ClientBankExchange.RECIPIENT_ACCOUNT));
        }
        return ourInn.isEmpty() || ourInn.equals(document.get(ClientBankExchange.RECIPIENT_INN));
    }

    private void pay(Handle handle, Line line, UUID invoice, UUID person, Long organization, UUID actor,
            Locale locale) {
        Payments.Recorded recorded = payments.record(handle, new Payments.Input("PAYMENT", "BANK",
                key(line), invoice, person, organization, line.amount().toPlainString(),
                line.date().toString(), note(line), actor), locale);
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
        body.put("unreadableReasons", imported.unreadableReasons());
        return body;
    }
}
