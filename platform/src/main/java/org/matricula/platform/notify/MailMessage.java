package org.matricula.platform.notify;

import java.util.Map;

/**
 * A mail waiting in the outbox: plain text, with an HTML alternative when given.
 *
 * @param headers extra header fields (e.g. {@code List-Unsubscribe}), none for most mails
 * @param html an HTML alternative to the text, null for most mails (then the mail is plain text)
 */
public record MailMessage(String to, String subject, String body, Map<String, String> headers, String html) {

    public MailMessage {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public MailMessage(String to, String subject, String body, Map<String, String> headers) {
        this(to, subject, body, headers, null);
    }

    public MailMessage(String to, String subject, String body) {
        this(to, subject, body, Map.of());
    }
}
