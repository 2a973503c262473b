package org.matricula.platform.crm.acquiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.plugins.fixtures.TrustingAcquiring;
import org.matricula.platform.testing.LogCapture;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Verified notifications the platform cannot book as they are — another currency or amount than
 * the payment's, an amount no column holds, a refund beyond what is left of the payment — are
 * answered 200 REFUSED (never 422 or 500, which the provider would deliver again and again), book
 * nothing, and leave the payment marked with one reason, the same in the log and for the staff,
 * until the payment's success books or a person marks it resolved. A plugin failing in its own
 * code is answered 503 (delivered again), never 500. The provider is a fixture whose verified
 * answer is the notification's body.
 */
class AcquiringNotificationsIT {

    static final ObjectMapper JSON = InvoicedPayer.JSON;
    static final String PROVIDER = "fixture-pay";

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static InvoicedPayer payer;
    static Session admin;
    static Session applicant;
    static UUID person;

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin(PROVIDER, "1.0.0").pluginClass(FixturePlugin.class).extension(TrustingAcquiring.class)
                .requires(">=1.3.0 & <2.0.0").writeTo(server.pluginsDir(), PROVIDER + ".jar");
        server.awaitStarted(PROVIDER);
        admin = TestSessions.admin(server);
        applicant = TestSessions.applicant(server);
        payer = InvoicedPayer.of(server, admin, applicant, "Payer", "Checked");
        person = payer.person;
    }

    record Invoice(UUID id, String number) {

        String providerPaymentId() {
            return "fx-" + number;
        }
    }

    /** An invoice of that amount, whose payment the applicant has started online. */
    static Invoice payingOnline(String amount) throws Exception {
        JsonNode json = payer.invoice("chk", "Checked course", amount);
        Invoice invoice = new Invoice(UUID.fromString(json.path("id").asText()), json.path("number").asText());
        HttpResponse<String> redirect = server.send(applicant.form("/office/invoices/" + invoice.id() + "/pay?lang=en"));
        assertEquals(303, redirect.statusCode(), redirect.body());
        return invoice;
    }

    static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return InvoicedPayer.body(value);
    }

    /** The provider notifies, and its verified answer is {@code kind|payment|refund|amount|currency}. */
    static String notify(String verified) throws Exception {
        HttpResponse<String> answer = delivered(verified);
        assertEquals(200, answer.statusCode(), "the provider is never told to deliver again: " + answer.body());
        return JSON.readTree(answer.body()).path("result").asText();
    }

    static HttpResponse<String> delivered(String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/v1/acquiring/" + PROVIDER + "/notifications"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static UUID acquiringId(Invoice invoice) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM acquiring_payments WHERE provider_payment_id = :p")
                .bind("p", invoice.providerPaymentId()).mapTo(UUID.class).one());
    }

    static JsonNode seenByStaff(Invoice invoice) throws Exception {
        HttpResponse<String> payment = server.send(admin.request("/api/v1/acquiring/payments/" + acquiringId(invoice)
                + "?lang=en"));
        assertEquals(200, payment.statusCode(), payment.body());
        return JSON.readTree(payment.body());
    }

    static Map<String, Object> stored(Invoice invoice) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status, paid FROM invoices WHERE id = :id")
                .bind("id", invoice.id()).mapToMap().one());
    }

    /** The payment and refunds booked for the invoice's online payment. */
    static int bookings(Invoice invoice) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM payments WHERE idempotency_key = :payment OR idempotency_key LIKE :refunds""")
                .bind("payment", "acquiring:" + PROVIDER + ":" + invoice.providerPaymentId())
                .bind("refunds", "acquiring:" + PROVIDER + ":refund:" + invoice.number() + "-%")
                .mapTo(Integer.class).one());
    }

    static List<String> warnings(LogCapture log) {
        return log.atLeast(Level.WARN).stream().filter(event -> event.getLoggerName().equals(Acquiring.class.getName()))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aSuccessVerifiedInAnotherCurrencyIsNotBookedAndTheStaffSeeWhy() throws Exception {
        Invoice invoice = payingOnline("45000");
        try (LogCapture log = LogCapture.start()) {
            assertEquals("REFUSED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||45000.00|USD"));
            assertEquals("REFUSED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||45000.00|USD"),
                    "told again, still not booked");

            assertEquals(0, bookings(invoice), "45000 dollars are not 45000 roubles");
            assertEquals("ISSUED", stored(invoice).get("status"));
            assertEquals(0, BigDecimal.ZERO.compareTo((BigDecimal) stored(invoice).get("paid")));
            JsonNode payment = seenByStaff(invoice);
            assertEquals("CREATED", payment.path("state").asText());
            String reason = "The payment service confirmed 45000.00 USD for this payment of 45000.00 RUB; nothing"
                    + " was booked. Check the payment with the payment service.";
            assertEquals(reason, payment.path("attention").asText());
            List<String> warned = warnings(log);
            assertEquals(1, warned.size(), "one warning, not one per delivery: " + warned);
            assertTrue(warned.get(0).endsWith(reason), "the log says what the staff read: " + warned);
        }
        String page = server.send(admin.request("/admin/billing/invoices/" + invoice.id() + "?lang=en")).body();
        assertTrue(page.contains("id=\"attention-" + acquiringId(invoice) + "\"") && page.contains("45000.00 USD"),
                page);
        HttpResponse<String> russian = server.send(admin.request("/api/v1/acquiring/payments/" + acquiringId(invoice)
                + "?lang=ru"));
        assertTrue(JSON.readTree(russian.body()).path("attention").asText().startsWith("Платёжный сервис подтвердил"),
                russian.body());
        int audited = jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM audit_log WHERE actor = :actor AND action = 'NOTIFY'
                  AND after ->> 'providerPaymentId' = :payment AND after ->> 'result' = 'REFUSED'""")
                .bind("actor", "acquiring:" + PROVIDER).bind("payment", invoice.providerPaymentId())
                .mapTo(Integer.class).one());
        assertEquals(2, audited, "each refused notification is in the audit log");
    }

    @Test
    void aSuccessOfAnotherAmountThanThePaymentsIsNotBooked() throws Exception {
        Invoice invoice = payingOnline("45000");
        assertEquals("REFUSED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||450.00|RUB"));
        assertEquals(0, bookings(invoice));
        assertEquals("CREATED", seenByStaff(invoice).path("state").asText());
        assertTrue(seenByStaff(invoice).path("attention").asText().startsWith(
                "The payment service confirmed 450.00 RUB for this payment of 45000.00 RUB;"));
        // the provider's true answer, once it comes, is booked as usual, and resolves the mark
        assertEquals("APPLIED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||45000.00|RUB"));
        assertEquals("PAID", stored(invoice).get("status"));
        JsonNode payment = seenByStaff(invoice);
        assertEquals("SUCCEEDED", payment.path("state").asText());
        assertTrue(payment.path("attention").isNull(), "nothing is left for a person: " + payment);
        String page = server.send(admin.request("/admin/billing/invoices/" + invoice.id() + "?lang=en")).body();
        assertFalse(page.contains("id=\"attention-" + acquiringId(invoice) + "\""), page);
    }

    @Test
    void anAmountNoColumnHoldsIsNeitherRoundedNorRefusedWith422() throws Exception {
        Invoice invoice = payingOnline("1000");
        assertEquals("REFUSED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||999999999999.999|RUB"));
        assertEquals("REFUSED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||1000.005|RUB"));
        assertEquals(0, bookings(invoice));
        JsonNode payment = seenByStaff(invoice);
        assertEquals("CREATED", payment.path("state").asText());
        assertTrue(payment.path("attention").asText().contains("1000.005 RUB"), payment.toString());
    }

    @Test
    void aRefundBeyondWhatWasPaidIsRefusedWith200AndTheLogAndThePageAgree() throws Exception {
        Invoice invoice = payingOnline("75000");
        assertEquals("APPLIED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||75000.00|RUB"));
        try (LogCapture log = LogCapture.start()) {
            assertEquals("REFUSED", notify("REFUNDED|" + invoice.providerPaymentId() + "|" + invoice.number()
                    + "-rf|80000.00|RUB"));
            assertEquals(1, bookings(invoice), "the payment, and no refund");
            assertEquals("PAID", stored(invoice).get("status"));
            JsonNode payment = seenByStaff(invoice);
            assertEquals("SUCCEEDED", payment.path("state").asText());
            assertEquals(0, BigDecimal.ZERO.compareTo(payment.path("refunded").decimalValue()));
            String reason = "The payment service confirmed a refund of 80000.00 RUB, more than the 75000.00 RUB left"
                    + " of this payment; nothing was booked. Check the refund with the payment service.";
            assertEquals(reason, payment.path("attention").asText());
            List<String> warned = warnings(log);
            assertEquals(1, warned.size(), warned.toString());
            assertTrue(warned.get(0).endsWith(reason), warned.toString());
        }
        // a refund told before its payment's success books neither when it is beyond the payment
        Invoice early = payingOnline("75000");
        assertEquals("REFUSED", notify("REFUNDED|" + early.providerPaymentId() + "|" + early.number()
                + "-rf|80000.00|RUB"));
        assertEquals(0, bookings(early));
        assertEquals("CREATED", seenByStaff(early).path("state").asText());
        // its success, told then, books; the refund beyond is still not booked, and still marked
        assertEquals("APPLIED", notify("SUCCEEDED|" + early.providerPaymentId() + "||75000.00|RUB"));
        assertEquals(1, bookings(early));
        assertTrue(seenByStaff(early).path("attention").asText().startsWith(
                "The payment service confirmed a refund of 80000.00 RUB"), seenByStaff(early).toString());
        // what can be refunded still is
        assertEquals("APPLIED", notify("REFUNDED|" + invoice.providerPaymentId() + "|" + invoice.number()
                + "-rf2|75000.00|RUB"));
        assertEquals("REFUNDED", seenByStaff(invoice).path("state").asText());
    }

    @Test
    void aPluginFailingInItsOwnCodeWhileVerifyingIsAskedToDeliverAgainAndNamedInOneLine() throws Exception {
        Invoice invoice = payingOnline("5000");
        for (String failure : List.of("NoClassDefFoundError", "StackOverflowError", "AssertionError",
                "IllegalStateException")) {
            try (LogCapture log = LogCapture.start()) {
                HttpResponse<String> answer = delivered("FAIL|" + failure);
                assertEquals(503, answer.statusCode(), failure + ": " + answer.body());
                assertEquals("60", answer.headers().firstValue("Retry-After").orElse(""), failure);
                assertEquals("UNVERIFIED", JSON.readTree(answer.body()).path("result").asText(), answer.body());
                assertFalse(answer.body().contains(failure) || answer.body().contains("at org."), answer.body());
                List<ILoggingEvent> told = log.atLeast(Level.WARN);
                assertEquals(1, told.size(), failure + ": one line, no trace: " + told);
                String line = told.get(0).getFormattedMessage();
                assertTrue(line.contains(PROVIDER + " 1.0.0") && line.contains(failure), line);
                assertTrue(told.get(0).getThrowableProxy() == null, "the trace is at DEBUG: " + line);
            }
        }
        assertEquals(0, bookings(invoice), "nothing is stored before the plugin has verified");
        assertEquals("APPLIED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||5000.00|RUB"),
                "the plugin serves on, and its notifications delivered again are booked");
        assertEquals("PAID", stored(invoice).get("status"));
    }

    @Test
    void aRefundThePluginFailsInIsMarkedForAPersonRatherThanToldToTryAgain() throws Exception {
        Invoice invoice = payingOnline("2000");
        assertEquals("APPLIED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||2000.00|RUB"));
        HttpResponse<String> refused = server.send(admin.json("/api/v1/acquiring/payments/" + acquiringId(invoice)
                + "/refunds?lang=en").POST(body(Map.of("amount", "13.13"))));
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("whether the money was given back is not known"), refused.body());
        assertFalse(refused.body().contains("NoClassDefFoundError"), refused.body());
        assertEquals(1, bookings(invoice), "no refund is booked");
        assertEquals("The payment plugin " + PROVIDER + " failed while refunding 13.13 RUB: whether the money was"
                + " given back is not known. Check the refund with the payment service.",
                seenByStaff(invoice).path("attention").asText());
    }

    @Test
    void aPersonMarksWhatAPaymentWasLeftForAsResolvedAfterConfirmingAndItIsAudited() throws Exception {
        Invoice invoice = payingOnline("3000");
        assertEquals("REFUSED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||3000.00|USD"));
        UUID payment = acquiringId(invoice);
        String invoicePage = "/admin/billing/invoices/" + invoice.id();
        String page = server.send(admin.request(invoicePage + "?lang=en")).body();
        String resolve = invoicePage + "/online/" + payment + "/resolve";
        assertTrue(page.contains("href=\"" + resolve + "?lang=en\""), page);

        HttpResponse<String> asked = server.send(admin.request(resolve + "?lang=en"));
        assertEquals(200, asked.statusCode(), asked.body());
        assertTrue(asked.body().contains("3000.00 USD") && asked.body().contains(invoice.providerPaymentId())
                && asked.body().contains("id=\"confirm-resolve\""), asked.body());
        assertTrue(seenByStaff(invoice).hasNonNull("attention"), "asking changes nothing");
        String seen = hidden(asked.body(), "seen");

        // another reason marked meanwhile is not dismissed unread
        assertEquals("REFUSED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||30.00|RUB"));
        HttpResponse<String> stale = server.send(admin.form(resolve + "?lang=en", "seen", seen));
        assertEquals(409, stale.statusCode(), stale.body());
        assertTrue(stale.body().contains("another reason"), stale.body());
        assertTrue(seenByStaff(invoice).path("attention").asText().contains("30.00 RUB"));

        String reread = hidden(server.send(admin.request(resolve + "?lang=en")).body(), "seen");
        assertEquals(303, server.send(admin.form(resolve + "?lang=en", "seen", reread)).statusCode());
        assertTrue(seenByStaff(invoice).path("attention").isNull(), seenByStaff(invoice).toString());
        assertEquals("CREATED", seenByStaff(invoice).path("state").asText(), "only the mark goes");
        assertFalse(server.send(admin.request(invoicePage + "?lang=en")).body().contains("id=\"attention-"));
        assertEquals(409, server.send(admin.form(resolve + "?lang=en", "seen", reread)).statusCode(),
                "resolved once");
        Map<String, Object> audited = jdbi.withHandle(h -> h.createQuery("""
                SELECT before::text AS before, after::text AS after FROM audit_log
                WHERE action = 'POST' AND target = :target AND status = 303""")
                .bind("target", resolve + "?lang=en").mapToMap().one());
        assertTrue(String.valueOf(audited.get("before")).contains("acquiring.attention.amount")
                && String.valueOf(audited.get("after")).contains("\"attentionKey\": null"), audited.toString());

        // over JSON, for administrators only, and 409 with nothing to resolve
        Invoice other = payingOnline("3000");
        assertEquals("REFUSED", notify("SUCCEEDED|" + other.providerPaymentId() + "||3000.00|EUR"));
        String api = "/api/v1/acquiring/payments/" + acquiringId(other) + "/resolve";
        assertEquals(403, server.send(applicant.json(api).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        HttpResponse<String> resolved = server.send(admin.json(api).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, resolved.statusCode(), resolved.body());
        assertTrue(JSON.readTree(resolved.body()).path("attention").isNull(), resolved.body());
        assertEquals(409, server.send(admin.json(api).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(404, server.send(admin.request(invoicePage + "/online/" + acquiringId(other) + "/resolve"))
                .statusCode(), "a payment of another invoice is not this invoice's");
    }

    @Test
    void anOnlinePaymentsRefundFormPostsToItsInvoice() throws Exception {
        Invoice invoice = payingOnline("1500");
        assertEquals("APPLIED", notify("SUCCEEDED|" + invoice.providerPaymentId() + "||1500.00|RUB"));
        String page = server.send(admin.request("/admin/billing/invoices/" + invoice.id() + "?lang=en")).body();
        assertTrue(page.contains("action=\"/admin/billing/invoices/" + invoice.id() + "/refunds?lang=en\" class=\"refund-online\""),
                page);
    }

    /** The value of a hidden field of a page holding a digest. */
    static String hidden(String page, String name) {
        java.util.regex.Matcher found = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([0-9a-f]+)\"")
                .matcher(page);
        assertTrue(found.find(), page);
        return found.group(1);
    }
}
