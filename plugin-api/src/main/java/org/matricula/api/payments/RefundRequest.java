package org.matricula.api.payments;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Money of a succeeded payment to give back.
 *
 * @param providerPaymentId the provider's id of the payment
 * @param amount exact, two decimals, at most what is left of the payment
 * @param currency ISO 4217 code
 * @param description why, as the provider may show it
 * @param idempotencyKey the same for a call repeated
 * @since 1.3.0
 */
public record RefundRequest(String providerPaymentId, BigDecimal amount, String currency, String description,
        String idempotencyKey) {

    /** @since 1.3.0 */
    public RefundRequest {
        Objects.requireNonNull(providerPaymentId, "providerPaymentId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
