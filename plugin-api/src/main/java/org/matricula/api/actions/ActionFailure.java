package org.matricula.api.actions;

/**
 * A step could not be done. Retryable failures (a service unreachable, throttled, an answer in
 * 5xx) are tried again later with backoff; the others (a refusal that will not change, such as a
 * missing licence) stop the run at the step until an admin retries it. The message is for the run
 * log: it must hold no secret.
 *
 * @since 1.3.0
 */
public class ActionFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /** @since 1.3.0 */
    public ActionFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** @since 1.3.0 */
    public ActionFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * Whether trying again later may succeed.
     *
     * @since 1.3.0
     */
    public boolean retryable() {
        return retryable;
    }
}
