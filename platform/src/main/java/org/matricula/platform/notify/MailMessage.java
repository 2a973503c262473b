package org.matricula.platform.notify;

/** A plain-text mail waiting in the outbox. */
public record MailMessage(String to, String subject, String body) {
}
