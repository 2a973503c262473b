package org.matricula.platform.notify;

import java.util.Map;

/**
 * A plain-text mail waiting in the outbox.
 *
 * @param headers extra header fields (e.g. {@code List-Unsubscribe}), none for most mails
 */
public record MailMessage(String to, String subject, String body, Map<String, String> headers) {

    public MailMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public MailMessage(String to, String subject, String body) {
        this(to, subject, body, Map.of());
    }
}
