package org.matricula.platform.crm.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.matricula.platform.notify.OutboxHandler;
import org.matricula.platform.notify.OutboxItem;

/**
 * Sends one webhook delivery: a JSON POST of the stored body, signed with HMAC-SHA256 over the
 * body with the endpoint's secret ({@code X-Matricula-Signature: sha256=<hex>}), with the delivery
 * id, the event and the time of this attempt in headers. A 2xx answer delivers it; anything else
 * (another answer, a network error, a request that cannot be made from the stored URL) is logged
 * on the delivery and throws, and the outbox tries again with backoff, until the delivery has had
 * {@link #MAX_ATTEMPTS} attempts: it is then FAILED, and only a replay sends it again.
 */
public final class WebhookSender implements OutboxHandler {

    /** Attempts per delivery (and per replay) before it is given up. */
    static final int MAX_ATTEMPTS = 6;
    public static final String SIGNATURE = "X-Matricula-Signature";
    public static final String TIMESTAMP = "X-Matricula-Timestamp";
    public static final String DELIVERY = "X-Matricula-Delivery";
    public static final String EVENT = "X-Matricula-Event";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Webhooks webhooks;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public WebhookSender(Webhooks webhooks, Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @Override
    public void handle(OutboxItem item) throws Exception {
        long id = JSON.readTree(item.payload()).path("delivery").asLong();
        Optional<Webhooks.Pending> found = webhooks.pending(id);
        if (found.isEmpty()) {
            return; // delivered already, or given up, or gone with its endpoint
        }
        Webhooks.Pending delivery = found.get();
        boolean last = delivery.attempts() >= MAX_ATTEMPTS;
        Optional<String> refused = webhooks.urls().refusal(delivery.url());
        if (refused.isPresent()) {
            webhooks.failed(id, null, "refused target: " + refused.get(), true);
            return;
        }
        Integer code = null;
        String error;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Matricula-Webhooks/1")
                    .header(SIGNATURE, "sha256=" + sign(delivery.secret(), delivery.body()))
                    .header(TIMESTAMP, Long.toString(clock.instant().getEpochSecond()))
                    .header(DELIVERY, delivery.deliveryId().toString())
                    .header(EVENT, delivery.event())
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.discarding());
            code = response.statusCode();
            if (code >= 200 && code < 300) {
                webhooks.delivered(id, code);
                return;
            }
            error = "HTTP " + code;
        } catch (java.io.IOException | RuntimeException e) {
            // a request that cannot even be built (a URL stored before it was checked as now) is a
            // failed attempt too: logged with its reason and given up after the last one, never
            // left pending without a word
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        webhooks.failed(id, code, error, last);
        if (!last) {
            throw new IllegalStateException("webhook delivery " + id + " failed: " + error);
        }
    }

    /** The lower-case hex HMAC-SHA256 of the body with the secret, as receivers compute it. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
