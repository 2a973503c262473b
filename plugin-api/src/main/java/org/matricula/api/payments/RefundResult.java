package org.matricula.api.payments;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A refund the provider accepted.
 *
 * @param providerRefundId the provider's id of the refund, which its notifications name
 * @param succeeded whether the money is already given back; if not, a notification tells later
 * @param amount the amount given back
 * @since 1.3.0
 */
public record RefundResult(String providerRefundId, boolean succeeded, BigDecimal amount) {

    /** @since 1.3.0 */
    public RefundResult {
        Objects.requireNonNull(providerRefundId, "providerRefundId");
        Objects.requireNonNull(amount, "amount");
    }
}
