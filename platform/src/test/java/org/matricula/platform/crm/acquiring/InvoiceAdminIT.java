package org.matricula.platform.crm.acquiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The money screens around acquiring with no provider installed: the balances page, an invoice's
 * page with a hand-made refund and its cancellation (confirmed; the number kept; what was paid goes
 * to the balance; audited), and the office's invoices without a "Pay" button.
 */
class InvoiceAdminIT {

    static final ObjectMapper JSON = InvoicedPayer.JSON;

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;
    static Session applicant;
    static InvoicedPayer payer;
    static UUID person;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
        applicant = TestSessions.applicant(server);
        payer = InvoicedPayer.of(server, admin, applicant, "Balance", "Kept");
        person = payer.person;
    }

    record Invoice(UUID id, String number) {
    }

    static Invoice invoice(String amount) throws Exception {
        JsonNode invoice = payer.invoice("adm", "Course", amount);
        return new Invoice(UUID.fromString(invoice.path("id").asText()), invoice.path("number").asText());
    }

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return InvoicedPayer.body(value);
    }

    static void pay(Invoice invoice, String amount) throws Exception {
        assertEquals(200, server.send(admin.json("/api/v1/billing/payments").POST(body(Map.of("kind", "PAYMENT",
                "idempotencyKey", UUID.randomUUID().toString(), "invoiceId", invoice.id().toString(),
                "amount", amount)))).statusCode());
    }

    static BigDecimal balance() throws Exception {
        return new BigDecimal(JSON.readTree(server.send(admin.request("/api/v1/billing/persons/" + person)).body())
                .path("balance").asText());
    }

    static String status(Invoice invoice) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM invoices WHERE id = :id").bind("id", invoice.id())
                .mapTo(String.class).one());
    }

    @Test
    void aCancelledInvoiceKeepsItsNumberAndWhatWasPaidOnItGoesToTheBalance() throws Exception {
        Invoice invoice = invoice("1000");
        pay(invoice, "400");
        BigDecimal before = balance();

        HttpResponse<String> confirm = server.send(admin.request("/admin/billing/invoices/" + invoice.id()
                + "/cancel?lang=en"));
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains("Cancel invoice " + invoice.number() + "?"), confirm.body());
        assertEquals("PARTIAL", status(invoice), "asking changes nothing");

        HttpResponse<String> cancelled = server.send(admin.form("/admin/billing/invoices/" + invoice.id() + "/cancel"));
        assertEquals(303, cancelled.statusCode(), cancelled.body());
        assertEquals("CANCELLED", status(invoice));
        assertEquals(0, before.add(new BigDecimal("1000.00")).compareTo(balance()),
                "the invoice no longer counts; the 400 paid is money with us");
        assertEquals(invoice.number(), jdbi.withHandle(h -> h.createQuery("SELECT number FROM invoices WHERE id = :id")
                .bind("id", invoice.id()).mapTo(String.class).one()));
        Invoice next = invoice("10");
        assertTrue(next.number().compareTo(invoice.number()) > 0, "a cancelled invoice's number is never reused");

        assertEquals(409, server.send(admin.json("/api/v1/billing/invoices/" + invoice.id() + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "cancelled once");
        assertEquals(422, server.send(admin.json("/api/v1/billing/payments").POST(body(Map.of("kind", "PAYMENT",
                "idempotencyKey", UUID.randomUUID().toString(), "invoiceId", invoice.id().toString(),
                "amount", "1")))).statusCode(), "a cancelled invoice takes no payment");
        assertTrue(server.send(admin.request("/admin/billing/invoices/" + invoice.id() + "?lang=en")).body()
                .contains("Cancelled"));
        int audited = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM audit_log WHERE action = 'POST' AND target = :target AND status = 303""")
                .bind("target", "/admin/billing/invoices/" + invoice.id() + "/cancel").mapTo(Integer.class).one());
        assertEquals(1, audited);
        int onTimeline = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM timeline_entries WHERE person_id = :p AND kind = 'INVOICE'
                  AND summary LIKE :summary""").bind("p", person).bind("summary", invoice.number() + "%")
                .mapTo(Integer.class).one());
        assertEquals(2, onTimeline, "issued and cancelled");
    }

    @Test
    void aRefundIsRecordedFromTheInvoicePageOnceAndBadAmountsAreRefusedPerField() throws Exception {
        Invoice invoice = invoice("500");
        pay(invoice, "500");
        String page = server.send(admin.request("/admin/billing/invoices/" + invoice.id() + "?lang=en")).body();
        assertTrue(page.contains("id=\"manual-refund\""), page);

        HttpResponse<String> bad = server.send(admin.form("/admin/billing/invoices/" + invoice.id() + "/refunds",
                "amount", "lots", "key", "k-" + invoice.number()));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("manual-refund-amount-error"), bad.body());
        HttpResponse<String> tooMuch = server.send(admin.form("/admin/billing/invoices/" + invoice.id() + "/refunds",
                "amount", "500.01", "key", "k-" + invoice.number()));
        assertEquals(422, tooMuch.statusCode());

        for (int i = 0; i < 2; i++) { // the same confirmed form sent twice
            assertEquals(303, server.send(admin.form("/admin/billing/invoices/" + invoice.id() + "/refunds",
                    "amount", "120.50", "key", "k-" + invoice.number(), "confirmed", "yes")).statusCode());
        }
        assertEquals(1, (int) jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM payments WHERE invoice_id = :id AND kind = 'REFUND'").bind("id", invoice.id())
                .mapTo(Integer.class).one()));
        assertEquals("PARTIAL", status(invoice));
    }

    @Test
    void aRefundShowsItsAmountAndPayerForConfirmationBeforeAnyMoneyMoves() throws Exception {
        Invoice invoice = invoice("800");
        pay(invoice, "800");
        HttpResponse<String> asked = server.send(admin.form("/admin/billing/invoices/" + invoice.id()
                + "/refunds?lang=en", "amount", "300", "key", "c-" + invoice.number()));
        assertEquals(200, asked.statusCode(), asked.body());
        assertTrue(asked.body().contains("id=\"confirm-refund\""), asked.body());
        assertTrue(asked.body().contains("Balance Kept") && asked.body().contains(invoice.number())
                && asked.body().contains("300"), "the amount and the payer: " + asked.body());
        assertTrue(asked.body().contains("name=\"confirmed\" value=\"yes\""), asked.body());
        assertEquals(0, refunds(invoice), "nothing is refunded before the confirmation");

        assertEquals(303, server.send(admin.form("/admin/billing/invoices/" + invoice.id() + "/refunds?lang=en",
                "amount", "300.00", "key", "c-" + invoice.number(), "confirmed", "yes")).statusCode());
        assertEquals(1, refunds(invoice));
    }

    @Test
    void theInvoicesPaymentsNameTheirSourceAndAZeroRefundIsToldTheRule() throws Exception {
        Invoice invoice = invoice("400");
        pay(invoice, "400");
        String page = server.send(admin.request("/admin/billing/invoices/" + invoice.id() + "?lang=en")).body();
        assertTrue(page.contains("Payment · entered by hand"), page);
        assertFalse(page.contains("MANUAL"), page);

        HttpResponse<String> zero = server.send(admin.form("/admin/billing/invoices/" + invoice.id()
                + "/refunds?lang=en", "amount", "0", "key", "z-" + invoice.number()));
        assertEquals(422, zero.statusCode(), zero.body());
        assertTrue(zero.body().contains("above zero"), zero.body());
        assertFalse(zero.body().contains("zero or more"), zero.body());
    }

    private static int refunds(Invoice invoice) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM payments WHERE invoice_id = :id AND kind = 'REFUND'").bind("id", invoice.id())
                .mapTo(Integer.class).one());
    }

    @Test
    void balancesListPayersWithTheirInvoicesForAdministratorsOnly() throws Exception {
        Invoice invoice = invoice("2000");
        pay(invoice, "500");
        HttpResponse<String> page = server.send(admin.request("/admin/billing/balances?lang=en"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"person-" + person + "\""), page.body());
        assertTrue(page.body().contains("/admin/billing/invoices/" + invoice.id()), page.body());
        assertEquals(403, server.send(applicant.request("/admin/billing/balances")).statusCode());
    }

    @Test
    void withoutAProviderTheOfficeListsInvoicesWithNoPayButtonAndPayingIsRefused() throws Exception {
        Invoice invoice = invoice("300");
        HttpResponse<String> office = server.send(applicant.request("/office/invoices?lang=en"));
        assertEquals(200, office.statusCode());
        assertTrue(office.body().contains(invoice.number()), office.body());
        assertFalse(office.body().contains("/pay"), "no provider, no Pay button");
        HttpResponse<String> refused = server.send(applicant.form("/office/invoices/" + invoice.id() + "/pay?lang=en"));
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("no payment provider is enabled"), refused.body());
        assertEquals(404, server.send(HttpRequest.newBuilder(server.uri("/api/v1/acquiring/nosuch/notifications"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))
                .statusCode());
    }
}
