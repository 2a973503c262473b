package org.matricula.api;

/**
 * The platform's mail outbox as a plugin sees it.
 *
 * @since 1.0.0
 */
public interface MailQueue {

    /**
     * Queues a plain-text mail. It is sent later, with retries, over the configured SMTP server.
     *
     * @since 1.0.0
     */
    void enqueue(String to, String subject, String body);
}
