package org.matricula.plugins.yookassa;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The applicant pays an invoice from the private office through the YooKassa plugin, in a real
 * platform against a WireMock stub of YooKassa API v3: the redirect, the return page, notifications
 * delivered twice and out of order applied once, partial and overpayments, refunds, and a provider
 * that fails or is slow on create (a clear message, nothing booked).
 */
class YooKassaIT {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final WireMockServer yookassa = started();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of(
            "plugin.yookassa.api-url", "http://127.0.0.1:" + yookassa.port() + "/v3",
            "plugin.yookassa.shop-id", "123456", "plugin.yookassa.secret-key", "test_secret",
            "plugin.yookassa.timeout", "5"));
    static Jdbi jdbi;
    static Catalog catalog;
    static Session admin;
    static Session applicant;
    static UUID person;

    static WireMockServer started() {
        WireMockServer stub = new WireMockServer(options().dynamicPort());
        stub.start();
        try { // the stub's first answer is slow while its server warms up
            java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + stub.port() + "/__admin/mappings")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return stub;
    }

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("yookassa", "1.0.0").pluginClass(YooKassaPlugin.class).extension(YooKassaProvider.class)
                .requires(">=1.3.0 & <2.0.0").writeTo(server.pluginsDir(), "yookassa.jar");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.platform().plugins().startedVersion("yookassa").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(server.platform().plugins().startedVersion("yookassa").isPresent(), "the plugin starts");
        catalog = new Catalog(jdbi, id -> true);
        admin = TestSessions.admin(server);
        applicant = TestSessions.applicant(server);
        person = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO persons (last_name, first_name, full_name) VALUES ('Payer', 'Online', 'Payer Online')
                RETURNING id""").mapTo(UUID.class).one());
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO person_accounts (account_id, person_id) VALUES (:a, :p)")
                .bind("a", applicant.accountId()).bind("p", person).execute());
    }

    @AfterAll
    static void stop() {
        yookassa.stop();
    }

    record Invoice(UUID id, String number) {
    }

    static Invoice invoice(String amount) throws Exception {
        long program = catalog.createProgram(new ProgramInput("paid-" + UUID.randomUUID().toString().substring(0, 8),
                "Paid course", "", true, "", false)).id();
        assertEquals(200, server.send(admin.json("/api/v1/billing/prices").POST(body(Map.of("programId", program,
                "amount", amount)))).statusCode());
        HttpResponse<String> issued = server.send(admin.json("/api/v1/billing/invoices").POST(body(Map.of(
                "personId", person.toString(), "programId", program))));
        assertEquals(200, issued.statusCode(), issued.body());
        JsonNode invoice = JSON.readTree(issued.body());
        return new Invoice(UUID.fromString(invoice.path("id").asText()), invoice.path("number").asText());
    }

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }

    static String payment(String id, String status, String value, String invoiceNumber) {
        return """
                {"id": "%s", "status": "%s", "paid": %s, "amount": {"value": "%s", "currency": "RUB"},
                 "confirmation": {"type": "redirect", "confirmation_url": "https://yoomoney.ru/checkout/%s"},
                 "metadata": {"invoiceNumber": "%s"}, "test": true}"""
                .formatted(id, status, status.equals("succeeded"), value, id, invoiceNumber);
    }

    /** The provider will create payment {@code id} for the invoice. */
    static void creates(Invoice invoice, String id, String amount) {
        yookassa.stubFor(post(urlEqualTo("/v3/payments"))
                .withRequestBody(matchingJsonPath("$.metadata.invoiceNumber", equalTo(invoice.number())))
                .willReturn(okJson(payment(id, "pending", amount, invoice.number()))));
    }

    /** What YooKassa answers when the payment is fetched back. */
    static void isNow(String id, String status, String amount) {
        yookassa.stubFor(get(urlEqualTo("/v3/payments/" + id)).willReturn(okJson(payment(id, status, amount, ""))));
    }

    static HttpResponse<String> pay(Invoice invoice) {
        return server.send(applicant.form("/office/invoices/" + invoice.id() + "/pay?lang=en"));
    }

    static String notify(String event, String id) throws Exception {
        HttpResponse<String> answer = notification(event, id);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).path("result").asText();
    }

    static HttpResponse<String> notification(String event, String id) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v1/acquiring/yookassa/notifications"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\": \"notification\", \"event\": \"" + event + "\", \"object\": {\"id\": \"" + id
                                + "\", \"status\": \"succeeded\"}}")));
    }

    static Map<String, Object> stored(Invoice invoice) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status, paid FROM invoices WHERE id = :id")
                .bind("id", invoice.id()).mapToMap().one());
    }

    static int bookings(String providerPaymentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM payments WHERE idempotency_key LIKE :key")
                .bind("key", "acquiring:yookassa:%" + providerPaymentId).mapTo(Integer.class).one());
    }

    static UUID acquiringId(String providerPaymentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM acquiring_payments WHERE provider_payment_id = :p")
                .bind("p", providerPaymentId).mapTo(UUID.class).one());
    }

    @Test
    void theApplicantPaysFromTheOfficeAndASuccessToldTwiceIsBookedOnce() throws Exception {
        Invoice invoice = invoice("1000");
        HttpResponse<String> office = server.send(applicant.request("/office/invoices?lang=en"));
        assertEquals(200, office.statusCode());
        assertTrue(office.body().contains(invoice.number()) && office.body().contains("Pay 1,000.00"), office.body());

        creates(invoice, "yk-paid-1", "1000.00");
        HttpResponse<String> redirect = pay(invoice);
        assertEquals(303, redirect.statusCode(), redirect.body());
        assertEquals("https://yoomoney.ru/checkout/yk-paid-1", redirect.headers().firstValue("Location").orElseThrow());
        yookassa.verify(postRequestedFor(urlEqualTo("/v3/payments"))
                .withRequestBody(matchingJsonPath("$.metadata.invoiceNumber", equalTo(invoice.number())))
                .withRequestBody(matchingJsonPath("$.amount.value", equalTo("1000.00")))
                .withRequestBody(matchingJsonPath("$.confirmation.return_url",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("/office/payments/")))
                .withHeader("Idempotence-Key", equalTo(acquiringId("yk-paid-1").toString())));

        String returnPage = "/office/payments/" + acquiringId("yk-paid-1") + "?lang=en";
        assertTrue(server.send(applicant.request(returnPage)).body().contains("id=\"payment-pending\""));
        assertEquals(0, bookings("yk-paid-1"), "nothing is booked before the notification");

        isNow("yk-paid-1", "succeeded", "1000.00");
        assertEquals("APPLIED", notify("payment.succeeded", "yk-paid-1"));
        assertEquals("DUPLICATE", notify("payment.succeeded", "yk-paid-1"));
        assertEquals(1, bookings("yk-paid-1"));
        assertEquals("PAID", stored(invoice).get("status"));
        assertEquals(0, new BigDecimal("1000.00").compareTo((BigDecimal) stored(invoice).get("paid")));
        assertTrue(server.send(applicant.request(returnPage)).body().contains("id=\"payment-succeeded\""));
        assertFalse(server.send(applicant.request("/office/invoices?lang=en")).body()
                .contains("/office/invoices/" + invoice.id() + "/pay"), "a paid invoice has no Pay button");

        // another applicant sees neither the invoice's payment nor can pay it
        Session stranger = TestSessions.applicant(server);
        assertEquals(404, server.send(stranger.request(returnPage)).statusCode());
        assertEquals(404, server.send(stranger.form("/office/invoices/" + invoice.id() + "/pay")).statusCode());
    }

    @Test
    void payPressedTwiceWhileThePayerIsAwayLeadsToTheSamePayment() throws Exception {
        Invoice invoice = invoice("700");
        creates(invoice, "yk-twice-1", "700.00");
        java.util.List<HttpResponse<String>> answers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread other = new Thread(() -> answers.add(pay(invoice)));
        other.start();
        answers.add(pay(invoice));
        other.join();
        answers.add(pay(invoice));
        for (HttpResponse<String> answer : answers) {
            assertEquals(303, answer.statusCode(), answer.body());
            assertEquals("https://yoomoney.ru/checkout/yk-twice-1", answer.headers().firstValue("Location").orElseThrow());
        }
        yookassa.verify(1, postRequestedFor(urlEqualTo("/v3/payments"))
                .withRequestBody(matchingJsonPath("$.metadata.invoiceNumber", equalTo(invoice.number()))));
        int payments = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM acquiring_payments WHERE invoice_id = :i")
                .bind("i", invoice.id()).mapTo(Integer.class).one());
        assertEquals(1, payments);
    }

    @Test
    void partOfAnInvoiceIsPaidOnlineAndMoneyBeyondItGoesToTheBalance() throws Exception {
        Invoice invoice = invoice("1000");
        assertEquals(200, server.send(admin.json("/api/v1/billing/payments").POST(body(Map.of("kind", "PAYMENT",
                "idempotencyKey", "bank-" + invoice.number(), "invoiceId", invoice.id().toString(),
                "amount", "600")))).statusCode());
        creates(invoice, "yk-part-1", "400.00");
        assertEquals(303, pay(invoice).statusCode());
        yookassa.verify(postRequestedFor(urlEqualTo("/v3/payments"))
                .withRequestBody(matchingJsonPath("$.metadata.invoiceNumber", equalTo(invoice.number())))
                .withRequestBody(matchingJsonPath("$.amount.value", equalTo("400.00"))));
        // paid by bank meanwhile as well: the online payment still counts, beyond the total on the balance
        BigDecimal before = balance();
        assertEquals(200, server.send(admin.json("/api/v1/billing/payments").POST(body(Map.of("kind", "PAYMENT",
                "idempotencyKey", "bank2-" + invoice.number(), "invoiceId", invoice.id().toString(),
                "amount", "400")))).statusCode());
        isNow("yk-part-1", "succeeded", "400.00");
        assertEquals("APPLIED", notify("payment.succeeded", "yk-part-1"));
        assertEquals(0, new BigDecimal("1400.00").compareTo((BigDecimal) stored(invoice).get("paid")));
        assertEquals("PAID", stored(invoice).get("status"));
        assertEquals(0, before.add(new BigDecimal("800.00")).compareTo(balance()),
                "400 by bank and 400 online on a 400 still due: 400 over, on the balance");
    }

    static BigDecimal balance() throws Exception {
        return new BigDecimal(JSON.readTree(server.send(admin.request("/api/v1/billing/persons/" + person)).body())
                .path("balance").asText());
    }

    @Test
    void aRefundToldBeforeTheSuccessBooksBothOnceAndTheLateSuccessChangesNothing() throws Exception {
        Invoice invoice = invoice("700");
        creates(invoice, "yk-early-refund", "700.00");
        assertEquals(303, pay(invoice).statusCode());
        yookassa.stubFor(get(urlEqualTo("/v3/refunds/rf-early")).willReturn(okJson("""
                {"id": "rf-early", "status": "succeeded", "amount": {"value": "700.00", "currency": "RUB"},
                 "payment_id": "yk-early-refund"}""")));
        assertEquals("APPLIED", notify("refund.succeeded", "rf-early"));
        assertEquals("DUPLICATE", notify("refund.succeeded", "rf-early"));
        isNow("yk-early-refund", "succeeded", "700.00");
        assertEquals("DUPLICATE", notify("payment.succeeded", "yk-early-refund"));
        int payments = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM payments WHERE invoice_id = :id AND source = 'ACQUIRING'""")
                .bind("id", invoice.id()).mapTo(Integer.class).one());
        assertEquals(2, payments, "the payment and its refund, once each");
        assertEquals("ISSUED", stored(invoice).get("status"));
        assertEquals("REFUNDED", jdbi.withHandle(h -> h.createQuery(
                "SELECT state FROM acquiring_payments WHERE provider_payment_id = 'yk-early-refund'")
                .mapTo(String.class).one()));
    }

    @Test
    void aSuccessToldAfterTheCancellationIsNotApplied() throws Exception {
        Invoice invoice = invoice("300");
        creates(invoice, "yk-cancelled", "300.00");
        assertEquals(303, pay(invoice).statusCode());
        isNow("yk-cancelled", "canceled", "300.00");
        assertEquals("APPLIED", notify("payment.canceled", "yk-cancelled"));
        isNow("yk-cancelled", "succeeded", "300.00");
        assertEquals("DUPLICATE", notify("payment.succeeded", "yk-cancelled"));
        assertEquals(0, bookings("yk-cancelled"));
        assertEquals("ISSUED", stored(invoice).get("status"));
        assertTrue(server.send(applicant.request("/office/payments/" + acquiringId("yk-cancelled") + "?lang=en"))
                .body().contains("id=\"payment-cancelled\""));
    }

    @Test
    void aProviderFailingOrTooSlowOnCreateIsToldClearlyAndNothingIsStoredOrBooked() throws Exception {
        Invoice failing = invoice("250");
        yookassa.stubFor(post(urlEqualTo("/v3/payments"))
                .withRequestBody(matchingJsonPath("$.metadata.invoiceNumber", equalTo(failing.number())))
                .willReturn(serverError().withBody("{\"type\": \"error\", \"code\": \"internal_server_error\"}")));
        HttpResponse<String> refused = pay(failing);
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("The payment service did not answer. Nothing was charged"), refused.body());

        Invoice slow = invoice("260");
        yookassa.stubFor(post(urlEqualTo("/v3/payments"))
                .withRequestBody(matchingJsonPath("$.metadata.invoiceNumber", equalTo(slow.number())))
                .willReturn(okJson(payment("yk-too-late", "pending", "260.00", slow.number())).withFixedDelay(8000)));
        HttpResponse<String> late = pay(slow);
        assertEquals(409, late.statusCode());
        assertTrue(late.body().contains("id=\"pay-problem\""), late.body());

        int stored = jdbi.withHandle(h -> h.createQuery("""
                SELECT (SELECT count(*) FROM acquiring_payments WHERE invoice_id IN (:a, :b))
                     + (SELECT count(*) FROM payments WHERE invoice_id IN (:a, :b))""")
                .bind("a", failing.id()).bind("b", slow.id()).mapTo(Integer.class).one());
        assertEquals(0, stored);
    }

    @Test
    void forgedUnknownOversizedAndUnverifiableNotifications() throws Exception {
        yookassa.stubFor(get(urlEqualTo("/v3/payments/yk-forged")).willReturn(notFound()));
        assertEquals("IGNORED", notify("payment.succeeded", "yk-forged"));
        assertEquals(0, bookings("yk-forged"));
        assertEquals(404, server.send(HttpRequest.newBuilder(server.uri("/api/v1/acquiring/nosuch/notifications"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))
                .statusCode());
        assertEquals(413, server.send(HttpRequest.newBuilder(server.uri("/api/v1/acquiring/yookassa/notifications"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\": \"" + "a".repeat(70_000) + "\"}"))).statusCode());
        yookassa.stubFor(get(urlEqualTo("/v3/payments/yk-down")).willReturn(aResponse().withStatus(503)));
        assertEquals(503, notification("payment.succeeded", "yk-down").statusCode(), "YooKassa delivers it again");
    }

    @Test
    void anAdministratorRefundsPartOfAPaymentThroughYooKassaAudited() throws Exception {
        Invoice invoice = invoice("1000");
        creates(invoice, "yk-refunded", "1000.00");
        assertEquals(303, pay(invoice).statusCode());
        isNow("yk-refunded", "succeeded", "1000.00");
        assertEquals("APPLIED", notify("payment.succeeded", "yk-refunded"));
        UUID id = acquiringId("yk-refunded");

        HttpResponse<String> tooMuch = server.send(admin.json("/api/v1/acquiring/payments/" + id + "/refunds")
                .POST(body(Map.of("amount", "1000.01"))));
        assertEquals(422, tooMuch.statusCode(), tooMuch.body());

        yookassa.stubFor(post(urlEqualTo("/v3/refunds")).withRequestBody(matchingJsonPath("$.payment_id",
                equalTo("yk-refunded"))).willReturn(okJson("""
                        {"id": "rf-admin", "status": "succeeded", "amount": {"value": "300.00", "currency": "RUB"},
                         "payment_id": "yk-refunded"}""")));
        HttpResponse<String> refunded = server.send(admin.json("/api/v1/acquiring/payments/" + id + "/refunds")
                .POST(body(Map.of("amount", "300"))));
        assertEquals(200, refunded.statusCode(), refunded.body());
        assertTrue(JSON.readTree(refunded.body()).path("booked").asBoolean(), refunded.body());
        yookassa.verify(postRequestedFor(urlEqualTo("/v3/refunds"))
                .withRequestBody(matchingJsonPath("$.amount.value", equalTo("300.00"))));
        assertEquals("PARTIAL", stored(invoice).get("status"));
        assertEquals(0, new BigDecimal("700.00").compareTo((BigDecimal) stored(invoice).get("paid")));

        // YooKassa's own notification of that refund comes later: known already
        yookassa.stubFor(get(urlEqualTo("/v3/refunds/rf-admin")).willReturn(okJson("""
                {"id": "rf-admin", "status": "succeeded", "amount": {"value": "300.00", "currency": "RUB"},
                 "payment_id": "yk-refunded"}""")));
        assertEquals("DUPLICATE", notify("refund.succeeded", "rf-admin"));
        assertEquals(0, new BigDecimal("700.00").compareTo((BigDecimal) stored(invoice).get("paid")));
        int audited = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM audit_log WHERE action = 'POST' AND target = :target AND status = 200""")
                .bind("target", "/api/v1/acquiring/payments/" + id + "/refunds").mapTo(Integer.class).one());
        assertEquals(1, audited);

        // the same through the invoice page's form
        yookassa.stubFor(post(urlEqualTo("/v3/refunds")).withRequestBody(matchingJsonPath("$.amount.value",
                equalTo("100.00"))).willReturn(okJson("""
                        {"id": "rf-form", "status": "succeeded", "amount": {"value": "100.00", "currency": "RUB"},
                         "payment_id": "yk-refunded"}""")));
        assertTrue(server.send(admin.request("/admin/billing/invoices/" + invoice.id() + "?lang=en")).body()
                .contains("name=\"paymentId\" value=\"" + id + "\""));
        HttpResponse<String> asked = server.send(admin.form("/admin/billing/invoices/" + invoice.id() + "/refunds",
                "paymentId", id.toString(), "amount", "100"));
        assertEquals(200, asked.statusCode(), "a refund is confirmed before any money moves: " + asked.body());
        assertEquals(0, new BigDecimal("700.00").compareTo((BigDecimal) stored(invoice).get("paid")));
        HttpResponse<String> viaForm = server.send(admin.form("/admin/billing/invoices/" + invoice.id() + "/refunds",
                "paymentId", id.toString(), "amount", "100", "confirmed", "yes"));
        assertEquals(303, viaForm.statusCode(), viaForm.body());
        assertEquals(0, new BigDecimal("600.00").compareTo((BigDecimal) stored(invoice).get("paid")));
        HttpResponse<String> beyond = server.send(admin.form("/admin/billing/invoices/" + invoice.id() + "/refunds",
                "paymentId", id.toString(), "amount", "600.01"));
        assertEquals(422, beyond.statusCode());
        // applied notifications are in the audit log too
        assertTrue(jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE actor = 'acquiring:yookassa' AND action = 'NOTIFY'")
                .mapTo(Integer.class).one()) > 0);
    }
}
