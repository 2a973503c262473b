package org.matricula.api.payments;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a verified notification says happened to a payment.
 *
 * @param kind succeeded, cancelled or refunded
 * @param providerPaymentId the provider's id of the payment (for a refund: of the payment refunded)
 * @param providerRefundId the provider's id of the refund; null unless {@code kind} is REFUNDED
 * @param amount the amount received (SUCCEEDED), given back (REFUNDED) or of the payment (CANCELLED)
 * @param currency ISO 4217 code
 * @since 1.3.0
 */
public record PaymentOutcome(Kind kind, String providerPaymentId, String providerRefundId, BigDecimal amount,
        String currency) {

    /**
     * The states a notification may report. A later 1.x may add one: give a {@code switch} a
     * {@code default} branch.
     *
     * @since 1.3.0
     */
    public enum Kind {
        /** The money is received. */
        SUCCEEDED,
        /** The payment will not be made. */
        CANCELLED,
        /** Money of a succeeded payment was given back. */
        REFUNDED
    }

    /** @since 1.3.0 */
    public PaymentOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(providerPaymentId, "providerPaymentId");
        Objects.requireNonNull(amount, "amount");
        if (kind == Kind.REFUNDED) {
            Objects.requireNonNull(providerRefundId, "providerRefundId");
        }
    }

    /** @since 1.3.0 */
    public static PaymentOutcome succeeded(String providerPaymentId, BigDecimal amount, String currency) {
        return new PaymentOutcome(Kind.SUCCEEDED, providerPaymentId, null, amount, currency);
    }

    /** @since 1.3.0 */
    public static PaymentOutcome cancelled(String providerPaymentId, BigDecimal amount, String currency) {
        return new PaymentOutcome(Kind.CANCELLED, providerPaymentId, null, amount, currency);
    }

    /** @since 1.3.0 */
    public static PaymentOutcome refunded(String providerPaymentId, String providerRefundId, BigDecimal amount,
            String currency) {
        return new PaymentOutcome(Kind.REFUNDED, providerPaymentId, providerRefundId, amount, currency);
    }
}
