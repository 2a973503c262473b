package org.matricula.api.payments;

/**
 * The provider could not be reached, did not answer in time, or refused the call. The message
 * is for the log; the platform shows people its own text.
 *
 * @since 1.3.0
 */
public class AcquiringException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @since 1.3.0 */
    public AcquiringException(String message) {
        super(message);
    }

    /** @since 1.3.0 */
    public AcquiringException(String message, Throwable cause) {
        super(message, cause);
    }
}
