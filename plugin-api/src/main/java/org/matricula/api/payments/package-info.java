/**
 * Acquiring: taking card and wallet payments for invoices through a payment provider.
 *
 * <p>A plugin implements {@link org.matricula.api.payments.AcquiringProvider}. The platform keeps
 * the invoices, the payments and their states; the plugin only speaks to its provider: it creates a
 * payment and answers where to send the payer ({@link org.matricula.api.payments.PaymentRequest},
 * {@link org.matricula.api.payments.PaymentRedirect}), verifies a notification the provider sent to
 * {@code /api/v1/acquiring/<plugin id>/notifications} and tells what happened
 * ({@link org.matricula.api.payments.ProviderNotification},
 * {@link org.matricula.api.payments.PaymentOutcome}), and gives money back
 * ({@link org.matricula.api.payments.RefundRequest}, {@link org.matricula.api.payments.RefundResult}).
 *
 * @since 1.3.0
 */
package org.matricula.api.payments;
