package org.matricula.platform.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.db.UnflushedCommit;

/**
 * Sends outbox mails over SMTP, or keeps them in the mail log when no SMTP server is configured.
 * Every mail is recorded in {@code mail_log} once, keyed by its outbox entry. A mail's
 * {@code Message-ID} comes from its entry's idempotency key, so the copy sent again after a
 * crash between handing it over and marking it done is the same message to the receiver.
 */
public final class MailSender implements OutboxHandler {

    private final SmtpSettings smtp;
    private final Jdbi jdbi;
    private final ObjectMapper json;

    /** Where and as whom to send; an empty host keeps mails instead. */
    public record SmtpSettings(String host, int port, String user, String password, boolean startTls, String from) {
    }

    public MailSender(SmtpSettings smtp, Jdbi jdbi, ObjectMapper json) {
        this.smtp = smtp;
        this.jdbi = jdbi;
        this.json = json;
    }

    @Override
    public void handle(OutboxItem item) throws Exception {
        deliver(item, json.readValue(item.payload(), MailMessage.class));
    }

    /** Sends (or keeps) the mail of this outbox entry and logs it once. */
    public void deliver(OutboxItem item, MailMessage mail) throws MessagingException {
        boolean viaSmtp = !smtp.host().isBlank();
        if (viaSmtp) {
            send(mail, item);
        }
        jdbi.useHandle(handle -> log(handle, item, mail, viaSmtp ? "SMTP" : "KEPT"));
    }

    /**
     * Keeps the mail in the log, once. Its commit does not wait for the disk ({@link UnflushedCommit}):
     * the entry is marked done afterwards with a durable commit, which flushes this row too, and a
     * crash before that mark delivers the mail again and logs it then, as a crash after sending
     * always did; the worker no longer waits for a flush per mail.
     */
    static void log(Handle handle, OutboxItem item, MailMessage mail, String delivery) {
        handle.createUpdate("INSERT INTO mail_log (outbox_id, recipient, subject, body, delivery)"
                + " SELECT :outboxId, :to, :subject, :body, :delivery WHERE " + UnflushedCommit.CONDITION
                + " ON CONFLICT (outbox_id) DO NOTHING")
                .bind("outboxId", item.id()).bind("to", mail.to()).bind("subject", mail.subject())
                .bind("body", mail.body()).bind("delivery", delivery).execute();
    }

    private void send(MailMessage mail, OutboxItem item) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", Integer.toString(smtp.port()));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        boolean auth = !smtp.user().isBlank();
        properties.put("mail.smtp.auth", Boolean.toString(auth));
        Session session = Session.getInstance(properties);
        MimeMessage message = new KeyedMessage(session, messageId(item.idempotencyKey()));
        message.setFrom(new InternetAddress(smtp.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to()));
        message.setSubject(mail.subject(), "UTF-8");
        if (mail.html() == null) {
            message.setText(mail.body(), "UTF-8");
        } else {
            jakarta.mail.internet.MimeMultipart alternative = new jakarta.mail.internet.MimeMultipart("alternative");
            jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
            text.setText(mail.body(), "UTF-8");
            jakarta.mail.internet.MimeBodyPart html = new jakarta.mail.internet.MimeBodyPart();
            html.setText(mail.html(), "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        }
        // Lets a receiving system drop a duplicate if a crash made us send twice (as the Message-ID does).
        message.setHeader("X-Matricula-Idempotency-Key", item.idempotencyKey().toString());
        for (java.util.Map.Entry<String, String> header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        if (auth) {
            Transport.send(message, smtp.user(), smtp.password());
        } else {
            Transport.send(message);
        }
    }

    /** The {@code Message-ID} of the mail of the outbox entry with this idempotency key. */
    static String messageId(UUID idempotencyKey) {
        return "<" + idempotencyKey + "@matricula>";
    }

    /** A message whose {@code Message-ID} is given rather than made up anew at each send. */
    private static final class KeyedMessage extends MimeMessage {

        private final String messageId;

        KeyedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
