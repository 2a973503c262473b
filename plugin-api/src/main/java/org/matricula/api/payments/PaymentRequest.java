package org.matricula.api.payments;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * A payment to create at the provider.
 *
 * @param invoiceNumber the invoice paid, e.g. {@code 2026-00042}
 * @param amount exact, two decimals
 * @param currency ISO 4217 code, {@code RUB}
 * @param description what the payer sees at the provider
 * @param returnUrl where the provider sends the payer back to
 * @param idempotencyKey the same for a call repeated, different for each new payment
 * @param metadata values to store with the provider's payment (the platform puts the invoice's
 *     number and id there)
 * @since 1.3.0
 */
public record PaymentRequest(String invoiceNumber, BigDecimal amount, String currency, String description,
        String returnUrl, String idempotencyKey, Map<String, String> metadata) {

    /** @since 1.3.0 */
    public PaymentRequest {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
