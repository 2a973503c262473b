package org.matricula.api.payments;

import java.util.Optional;
import org.matricula.api.LocalizedText;
import org.pf4j.ExtensionPoint;

/**
 * A payment provider (acquiring bank, payment service) through which applicants pay their
 * invoices online. The platform calls it; it never sees the platform's tables.
 *
 * <ul>
 *   <li>{@link #create(PaymentRequest)} when an applicant presses "Pay": the provider's payment is
 *   made and the payer is sent to {@link PaymentRedirect#confirmationUrl()}. The request's
 *   idempotency key is to be passed on to the provider, so a retried call creates one payment.</li>
 *   <li>{@link #verify(ProviderNotification)} for each call the provider makes to
 *   {@code /api/v1/acquiring/<plugin id>/notifications}: the plugin must not trust the body
 *   alone, but confirm it with the provider (for instance by fetching the payment back) and answer
 *   the verified outcome, or empty for a notification of no interest. The platform applies each
 *   outcome once, in a state machine that never goes backwards, so a notification delivered twice
 *   or out of order does no harm.</li>
 *   <li>{@link #refund(RefundRequest)} when a manager gives money back.</li>
 * </ul>
 *
 * <p>Failures to reach the provider, or answers it refused, are thrown as
 * {@link AcquiringException}: the platform then books nothing and tells the person.
 *
 * @since 1.3.0
 */
public interface AcquiringProvider extends ExtensionPoint {

    /**
     * The provider's name as people read it, e.g. on the "Pay" button's page.
     *
     * @since 1.3.0
     */
    LocalizedText title();

    /**
     * Whether the provider is set up to take payments (for instance its credentials are
     * configured). While it is not, the platform offers no "Pay" button through it.
     *
     * @since 1.3.0
     */
    default boolean ready() {
        return true;
    }

    /**
     * Creates the provider's payment for an invoice.
     *
     * @since 1.3.0
     */
    PaymentRedirect create(PaymentRequest request) throws AcquiringException;

    /**
     * Verifies a notification with the provider and tells what happened; empty when it is of no
     * interest (an event kind the platform does not book, a payment still pending).
     *
     * @throws AcquiringException when it cannot be verified now (the provider unreachable); the
     *     platform answers an error, so the provider delivers it again later
     * @since 1.3.0
     */
    Optional<PaymentOutcome> verify(ProviderNotification notification) throws AcquiringException;

    /**
     * Gives back all or part of a succeeded payment.
     *
     * @since 1.3.0
     */
    RefundResult refund(RefundRequest request) throws AcquiringException;
}
