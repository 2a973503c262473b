package org.matricula.api.payments;

import java.util.Objects;

/**
 * A payment the provider created.
 *
 * @param providerPaymentId the provider's id of the payment, which its notifications name
 * @param confirmationUrl where to send the payer to pay
 * @since 1.3.0
 */
public record PaymentRedirect(String providerPaymentId, String confirmationUrl) {

    /** @since 1.3.0 */
    public PaymentRedirect {
        Objects.requireNonNull(providerPaymentId, "providerPaymentId");
        Objects.requireNonNull(confirmationUrl, "confirmationUrl");
    }
}
