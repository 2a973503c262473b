package org.matricula.plugins.yookassa;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matricula.api.payments.AcquiringException;
import org.matricula.api.payments.PaymentOutcome;
import org.matricula.api.payments.PaymentRedirect;
import org.matricula.api.payments.PaymentRequest;
import org.matricula.api.payments.ProviderNotification;
import org.matricula.api.payments.RefundRequest;
import org.matricula.api.payments.RefundResult;
import org.matricula.platform.testing.TestPluginContext;

/** The YooKassa API v3 calls against a WireMock stub of the API. */
class YooKassaProviderTest {

    static WireMockServer yookassa;
    static YooKassaProvider provider;

    @BeforeAll
    static void start() {
        yookassa = new WireMockServer(options().dynamicPort());
        yookassa.start();
        provider = provider("5");
    }

    static YooKassaProvider provider(String timeout) {
        return new YooKassaProvider(new TestPluginContext("yookassa", Map.of("shop-id", "123456",
                "secret-key", "test_secret", "api-url", "http://127.0.0.1:" + yookassa.port() + "/v3",
                "timeout", timeout)));
    }

    @AfterAll
    static void stop() {
        yookassa.stop();
    }

    @BeforeEach
    void reset() {
        yookassa.resetAll();
    }

    static String payment(String id, String status, String value) {
        return """
                {"id": "%s", "status": "%s", "paid": %s, "amount": {"value": "%s", "currency": "RUB"},
                 "confirmation": {"type": "redirect",
                   "confirmation_url": "https://yoomoney.ru/api-pages/v2/payment-confirm/epl?orderId=%s"},
                 "created_at": "2026-12-02T03:00:00.000Z", "metadata": {"invoiceNumber": "2026-00001"},
                 "refundable": false, "test": true}""".formatted(id, status, status.equals("succeeded"), value, id);
    }

    static ProviderNotification notification(String event, String id) {
        return new ProviderNotification(Map.of("content-type", List.of("application/json")),
                "{\"type\": \"notification\", \"event\": \"" + event + "\", \"object\": {\"id\": \"" + id
                        + "\", \"status\": \"succeeded\", \"amount\": {\"value\": \"999999.00\", \"currency\": \"RUB\"}}}",
                "185.71.76.1");
    }

    @Test
    void aPaymentIsCreatedWithIdempotenceKeyBasicAuthAmountRedirectCaptureAndMetadata() throws Exception {
        yookassa.stubFor(post(urlEqualTo("/v3/payments")).willReturn(okJson(payment("2d4d-0001", "pending", "1000.00"))));
        PaymentRedirect redirect = provider.create(new PaymentRequest("2026-00001", new BigDecimal("1000"), "RUB",
                "Оплата счёта 2026-00001", "https://school.example/office/payments/p1", "key-1",
                Map.of("invoiceNumber", "2026-00001")));
        assertEquals("2d4d-0001", redirect.providerPaymentId());
        assertEquals("https://yoomoney.ru/api-pages/v2/payment-confirm/epl?orderId=2d4d-0001",
                redirect.confirmationUrl());
        yookassa.verify(postRequestedFor(urlEqualTo("/v3/payments"))
                .withHeader("Idempotence-Key", equalTo("key-1"))
                .withBasicAuth(new com.github.tomakehurst.wiremock.client.BasicCredentials("123456", "test_secret"))
                .withRequestBody(equalToJson("""
                        {"amount": {"value": "1000.00", "currency": "RUB"}, "capture": true,
                         "confirmation": {"type": "redirect", "return_url": "https://school.example/office/payments/p1"},
                         "description": "Оплата счёта 2026-00001", "metadata": {"invoiceNumber": "2026-00001"}}""")));
    }

    @Test
    void readyOnlyWithShopIdAndSecretKey() {
        assertTrue(provider.ready());
        assertFalse(new YooKassaProvider(new TestPluginContext("yookassa", Map.of())).ready());
        assertFalse(new YooKassaProvider(new TestPluginContext("yookassa", Map.of("shop-id", "123456"))).ready());
    }

    @Test
    void aProviderErrorOrTimeoutOnCreateIsAnAcquiringException() {
        yookassa.stubFor(post(urlEqualTo("/v3/payments")).willReturn(serverError().withBody("{\"type\":\"error\"}")));
        PaymentRequest request = new PaymentRequest("2026-00002", new BigDecimal("10.00"), "RUB", "x",
                "https://school.example/r", "key-2", Map.of());
        AcquiringException failed = assertThrows(AcquiringException.class, () -> provider.create(request));
        assertTrue(failed.getMessage().contains("500"), failed.getMessage());

        yookassa.stubFor(post(urlEqualTo("/v3/payments")).willReturn(okJson(payment("late", "pending", "10.00"))
                .withFixedDelay(3000)));
        AcquiringException slow = assertThrows(AcquiringException.class, () -> provider("1").create(request));
        assertTrue(slow.getMessage().contains("did not answer"), slow.getMessage());
    }

    @Test
    void aNotificationIsVerifiedByFetchingThePaymentNotByItsBody() throws Exception {
        // the body claims success for 999999.00; YooKassa says the payment is still pending
        yookassa.stubFor(get(urlEqualTo("/v3/payments/2d4d-0003")).willReturn(okJson(payment("2d4d-0003", "pending",
                "1000.00"))));
        assertEquals(Optional.empty(), provider.verify(notification("payment.succeeded", "2d4d-0003")));
        yookassa.verify(getRequestedFor(urlEqualTo("/v3/payments/2d4d-0003")).withHeader("Authorization",
                equalTo("Basic MTIzNDU2OnRlc3Rfc2VjcmV0")));

        yookassa.stubFor(get(urlEqualTo("/v3/payments/2d4d-0003")).willReturn(okJson(payment("2d4d-0003",
                "succeeded", "1000.00"))));
        assertEquals(Optional.of(PaymentOutcome.succeeded("2d4d-0003", new BigDecimal("1000.00"), "RUB")),
                provider.verify(notification("payment.succeeded", "2d4d-0003")));

        // a stale "canceled" told after success is what YooKassa says now: succeeded
        assertEquals(PaymentOutcome.Kind.SUCCEEDED,
                provider.verify(notification("payment.canceled", "2d4d-0003")).orElseThrow().kind());

        yookassa.stubFor(get(urlEqualTo("/v3/payments/2d4d-0004")).willReturn(okJson(payment("2d4d-0004", "canceled",
                "500.00"))));
        assertEquals(Optional.of(PaymentOutcome.cancelled("2d4d-0004", new BigDecimal("500.00"), "RUB")),
                provider.verify(notification("payment.canceled", "2d4d-0004")));
    }

    @Test
    void forgedUnreadableAndOtherNotificationsAreIgnoredAndAnUnreachableProviderThrows() throws Exception {
        yookassa.stubFor(get(urlEqualTo("/v3/payments/forged-1")).willReturn(notFound()));
        assertEquals(Optional.empty(), provider.verify(notification("payment.succeeded", "forged-1")));
        assertEquals(Optional.empty(), provider.verify(new ProviderNotification(Map.of(), "not json", "")));
        assertEquals(Optional.empty(), provider.verify(notification("payment.succeeded", "../../v3/refunds")));
        assertEquals(Optional.empty(), provider.verify(notification("deal.closed", "d-1")));
        yookassa.stubFor(get(urlEqualTo("/v3/payments/down-1")).willReturn(aResponse().withStatus(503)));
        assertThrows(AcquiringException.class, () -> provider.verify(notification("payment.succeeded", "down-1")));
    }

    @Test
    void refundsAreMadeAndTheirNotificationsVerifiedByFetchingTheRefund() throws Exception {
        yookassa.stubFor(post(urlEqualTo("/v3/refunds")).willReturn(okJson("""
                {"id": "rf-1", "status": "succeeded", "amount": {"value": "300.00", "currency": "RUB"},
                 "payment_id": "2d4d-0005", "created_at": "2026-12-02T03:10:00.000Z"}""")));
        RefundResult result = provider.refund(new RefundRequest("2d4d-0005", new BigDecimal("300.00"), "RUB",
                "Возврат", "refund-key-1"));
        assertEquals(new RefundResult("rf-1", true, new BigDecimal("300.00")), result);
        yookassa.verify(postRequestedFor(urlEqualTo("/v3/refunds")).withHeader("Idempotence-Key",
                equalTo("refund-key-1")).withRequestBody(equalToJson("""
                        {"payment_id": "2d4d-0005", "amount": {"value": "300.00", "currency": "RUB"},
                         "description": "Возврат"}""")));

        yookassa.stubFor(get(urlEqualTo("/v3/refunds/rf-2")).willReturn(okJson("""
                {"id": "rf-2", "status": "succeeded", "amount": {"value": "150.50", "currency": "RUB"},
                 "payment_id": "2d4d-0006"}""")));
        assertEquals(Optional.of(PaymentOutcome.refunded("2d4d-0006", "rf-2", new BigDecimal("150.50"), "RUB")),
                provider.verify(notification("refund.succeeded", "rf-2")));
        yookassa.stubFor(get(urlEqualTo("/v3/refunds/rf-3")).willReturn(okJson("""
                {"id": "rf-3", "status": "pending", "amount": {"value": "1.00", "currency": "RUB"},
                 "payment_id": "2d4d-0006"}""")));
        assertFalse(provider.verify(notification("refund.succeeded", "rf-3")).isPresent());
    }
}
