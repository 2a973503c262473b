package org.matricula.plugins.yookassa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.matricula.api.LocalizedText;
import org.matricula.api.PluginContext;
import org.matricula.api.payments.AcquiringException;
import org.matricula.api.payments.AcquiringProvider;
import org.matricula.api.payments.PaymentOutcome;
import org.matricula.api.payments.PaymentRedirect;
import org.matricula.api.payments.PaymentRequest;
import org.matricula.api.payments.ProviderNotification;
import org.matricula.api.payments.RefundRequest;
import org.matricula.api.payments.RefundResult;
import org.pf4j.Extension;

/**
 * YooKassa API v3 (https://yookassa.ru/developers/api): payments created with
 * {@code POST /v3/payments} (redirect confirmation, captured at once), refunds with
 * {@code POST /v3/refunds}, both with an {@code Idempotence-Key} and HTTP Basic authentication
 * by shop id and secret key. A notification's body is never trusted: the payment
 * ({@code GET /v3/payments/{id}}) or refund ({@code GET /v3/refunds/{id}}) it names is fetched
 * back and its state there is the outcome.
 *
 * <p>Settings ({@code plugin.yookassa.<key>}): {@code shop-id}, {@code secret-key}, {@code api-url}
 * (default {@code https://api.yookassa.ru/v3}), {@code timeout} (seconds, default 10).
 */
@Extension
public final class YooKassaProvider implements AcquiringProvider {

    static final String DEFAULT_API = "https://api.yookassa.ru/v3";
    /** YooKassa's ids: letters, digits and dashes (e.g. {@code 2d4d3cf4-000f-5000-8000-1a5c0f1b2e0b}). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PluginContext context;
    private final String api;
    private final String authorization;
    private final Duration timeout;
    private final boolean configured;

    public YooKassaProvider(PluginContext context) {
        this.context = context;
        String url = context.config("api-url", DEFAULT_API).strip();
        this.api = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String shop = context.config("shop-id", "").strip();
        String secret = context.config("secret-key", "").strip();
        this.configured = !shop.isEmpty() && !secret.isEmpty();
        String credentials = shop + ":" + secret;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.timeout = Duration.ofSeconds(Long.parseLong(context.config("timeout", "10").strip()));
    }

    @Override
    public LocalizedText title() {
        return LocalizedText.of("ЮKassa", "YooKassa");
    }

    /** Ready once the shop id and the secret key are configured. */
    @Override
    public boolean ready() {
        return configured;
    }

    @Override
    public PaymentRedirect create(PaymentRequest request) throws AcquiringException {
        ObjectNode body = JSON.createObjectNode();
        body.set("amount", amount(request.amount(), request.currency()));
        body.put("capture", true);
        ObjectNode confirmation = body.putObject("confirmation");
        confirmation.put("type", "redirect");
        confirmation.put("return_url", request.returnUrl());
        if (request.description() != null && !request.description().isBlank()) {
            String description = request.description().strip();
            body.put("description", description.length() > 128 ? description.substring(0, 128) : description);
        }
        ObjectNode metadata = body.putObject("metadata");
        request.metadata().forEach(metadata::put);
        JsonNode payment = call(post("/payments", body, request.idempotencyKey()), "create a payment");
        String id = payment.path("id").asText("");
        String url = payment.path("confirmation").path("confirmation_url").asText("");
        if (id.isEmpty() || url.isEmpty()) {
            throw new AcquiringException("YooKassa answered a payment without id or confirmation_url: " + payment);
        }
        return new PaymentRedirect(id, url);
    }

    /**
     * Reads the event and the object's id from the body, then fetches that object from YooKassa:
     * its state there, not the body's, decides the outcome.
     */
    @Override
    public Optional<PaymentOutcome> verify(ProviderNotification notification) throws AcquiringException {
        JsonNode body;
        try {
            body = JSON.readTree(notification.body());
        } catch (IOException notJson) {
            context.log().warn("YooKassa notification is not JSON; ignored");
            return Optional.empty();
        }
        if (body == null) {
            return Optional.empty();
        }
        String event = body.path("event").asText("");
        String id = body.path("object").path("id").asText("");
        if (!ID.matcher(id).matches()) {
            context.log().warn("YooKassa notification {} without a valid object id; ignored", event);
            return Optional.empty();
        }
        switch (event) {
            case "payment.succeeded", "payment.canceled", "payment.waiting_for_capture":
                return fetch("/payments/" + id).flatMap(YooKassaProvider::paymentOutcome);
            case "refund.succeeded":
                return fetch("/refunds/" + id).flatMap(YooKassaProvider::refundOutcome);
            default:
                return Optional.empty();
        }
    }

    @Override
    public RefundResult refund(RefundRequest request) throws AcquiringException {
        ObjectNode body = JSON.createObjectNode();
        body.put("payment_id", request.providerPaymentId());
        body.set("amount", amount(request.amount(), request.currency() == null ? "RUB" : request.currency()));
        if (request.description() != null && !request.description().isBlank()) {
            String description = request.description().strip();
            body.put("description", description.length() > 250 ? description.substring(0, 250) : description);
        }
        JsonNode refund = call(post("/refunds", body, request.idempotencyKey()), "refund");
        String id = refund.path("id").asText("");
        if (id.isEmpty()) {
            throw new AcquiringException("YooKassa answered a refund without id: " + refund);
        }
        String status = refund.path("status").asText("");
        if (status.equals("canceled")) {
            throw new AcquiringException("YooKassa cancelled the refund: "
                    + refund.path("cancellation_details").path("reason").asText(""));
        }
        return new RefundResult(id, status.equals("succeeded"), value(refund.path("amount"), request.amount()));
    }

    static Optional<PaymentOutcome> paymentOutcome(JsonNode payment) {
        String id = payment.path("id").asText();
        String currency = payment.path("amount").path("currency").asText("RUB");
        BigDecimal amount = value(payment.path("amount"), null);
        if (amount == null) {
            return Optional.empty();
        }
        return switch (payment.path("status").asText("")) {
            case "succeeded" -> Optional.of(PaymentOutcome.succeeded(id, amount, currency));
            case "canceled" -> Optional.of(PaymentOutcome.cancelled(id, amount, currency));
            default -> Optional.empty(); // pending, waiting_for_capture: nothing to book yet
        };
    }

    static Optional<PaymentOutcome> refundOutcome(JsonNode refund) {
        BigDecimal amount = value(refund.path("amount"), null);
        String payment = refund.path("payment_id").asText("");
        if (!refund.path("status").asText("").equals("succeeded") || amount == null || payment.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PaymentOutcome.refunded(payment, refund.path("id").asText(), amount,
                refund.path("amount").path("currency").asText("RUB")));
    }

    /** The object, or empty when YooKassa knows no such one (a forged or foreign notification). */
    private Optional<JsonNode> fetch(String path) throws AcquiringException {
        HttpRequest request = base(path).GET().build();
        HttpResponse<String> response = send(request, "verify a notification");
        if (response.statusCode() == 404) {
            context.log().warn("YooKassa knows no {}; notification ignored", path);
            return Optional.empty();
        }
        return Optional.of(answer(response, "verify a notification"));
    }

    private HttpRequest post(String path, JsonNode body, String idempotencyKey) {
        return base(path).header("Idempotence-Key", idempotencyKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }

    private HttpRequest.Builder base(String path) {
        return HttpRequest.newBuilder(URI.create(api + path)).version(java.net.http.HttpClient.Version.HTTP_1_1)
                .timeout(timeout).header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private JsonNode call(HttpRequest request, String what) throws AcquiringException {
        return answer(send(request, what), what);
    }

    private HttpResponse<String> send(HttpRequest request, String what) throws AcquiringException {
        try {
            return context.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException slow) {
            throw new AcquiringException("YooKassa did not answer in " + timeout.toSeconds() + " s to " + what, slow);
        } catch (IOException unreachable) {
            throw new AcquiringException("YooKassa unreachable to " + what + ": " + unreachable, unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AcquiringException("interrupted while asking YooKassa to " + what, interrupted);
        }
    }

    private static JsonNode answer(HttpResponse<String> response, String what) throws AcquiringException {
        if (response.statusCode() / 100 != 2) {
            String reason = response.body() == null ? "" : response.body();
            throw new AcquiringException("YooKassa answered " + response.statusCode() + " to " + what + ": "
                    + (reason.length() > 300 ? reason.substring(0, 300) : reason));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException notJson) {
            throw new AcquiringException("YooKassa answered no JSON to " + what, notJson);
        }
    }

    private static ObjectNode amount(BigDecimal value, String currency) {
        ObjectNode amount = JSON.createObjectNode();
        amount.put("value", value.setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        amount.put("currency", currency);
        return amount;
    }

    private static BigDecimal value(JsonNode amount, BigDecimal otherwise) {
        String value = amount.path("value").asText("");
        try {
            return value.isEmpty() ? otherwise : new BigDecimal(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
