package org.matricula.platform.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
public final class MailSender implements BatchHandler {

    private final SmtpSettings smtp;
    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Duration batchTime;

    /** Where and as whom to send; an empty host keeps mails instead. */
    public record SmtpSettings(String host, int port, String user, String password, boolean startTls, String from) {
    }

    public MailSender(SmtpSettings smtp, Jdbi jdbi, ObjectMapper json) {
        this(smtp, jdbi, json, OutboxWorker.DEFAULT_LEASE.dividedBy(2));
    }

    /**
     * @param batchTime how long the mails of one batch may take to send; the ones not started by
     *     then (the first is always tried) wait for their next attempt. Half the outbox lease, so that a slow server never has
     *     a batch still sending when another node may take it over.
     */
    public MailSender(SmtpSettings smtp, Jdbi jdbi, ObjectMapper json, Duration batchTime) {
        this.smtp = smtp;
        this.jdbi = jdbi;
        this.json = json;
        this.batchTime = batchTime;
    }

    /** A mail to send for an outbox entry. */
    public record Delivery(OutboxItem item, MailMessage mail) {
    }

    @Override
    public Map<Long, Exception> handleAll(List<OutboxItem> items) {
        Map<Long, Exception> failed = new LinkedHashMap<>();
        List<Delivery> deliveries = new ArrayList<>(items.size());
        for (OutboxItem item : items) {
            try {
                deliveries.add(asStored(item));
            } catch (IOException e) {
                failed.put(item.id(), e);
            }
        }
        failed.putAll(deliverAll(deliveries));
        return failed;
    }

    /** The mail an entry holds whole. */
    public Delivery asStored(OutboxItem item) throws IOException {
        return new Delivery(item, json.readValue(item.payload(), MailMessage.class));
    }

    /**
     * Sends (or keeps) these mails and logs the ones that went, with one statement; answers why
     * each one that did not go failed, by entry id. The mails go over one SMTP connection. A mail
     * the server refuses (an address it does not take) fails alone; when the server cannot be
     * reached or breaks off, or the batch's time runs out, the rest of the batch is not tried and
     * waits for its next attempt, so that a server that is down costs one connection timeout a
     * batch, not one a mail.
     */
    public Map<Long, Exception> deliverAll(List<Delivery> deliveries) {
        boolean viaSmtp = !smtp.host().isBlank();
        Map<Long, Exception> failed = new LinkedHashMap<>();
        List<Delivery> sent = new ArrayList<>(deliveries.size());
        if (viaSmtp) {
            sendAll(deliveries, sent, failed);
        } else {
            sent.addAll(deliveries);
        }
        if (!sent.isEmpty()) {
            jdbi.useHandle(handle -> log(handle, sent, viaSmtp ? "SMTP" : "KEPT"));
        }
        return failed;
    }

    private void sendAll(List<Delivery> deliveries, List<Delivery> sent, Map<Long, Exception> failed) {
        Session session = Session.getInstance(properties());
        Transport transport = null;
        long deadline = System.nanoTime() + batchTime.toNanos();
        try {
            for (int i = 0; i < deliveries.size(); i++) {
                Delivery delivery = deliveries.get(i);
                if (i > 0 && System.nanoTime() - deadline > 0) {
                    MessagingException late = new MessagingException("the batch's time to send ran out");
                    deliveries.subList(i, deliveries.size()).forEach(rest -> failed.put(rest.item().id(), late));
                    return;
                }
                MimeMessage message;
                try {
                    message = message(session, delivery.mail(), delivery.item());
                } catch (MessagingException unfit) {
                    failed.put(delivery.item().id(), unfit);
                    continue;
                }
                try {
                    if (transport == null) {
                        transport = session.getTransport("smtp");
                        transport.connect(smtp.host(), smtp.port(), blankToNull(smtp.user()),
                                blankToNull(smtp.password()));
                    }
                    transport.sendMessage(message, message.getAllRecipients());
                    sent.add(delivery);
                } catch (SendFailedException refused) {
                    failed.put(delivery.item().id(), refused);
                } catch (MessagingException broken) {
                    deliveries.subList(i, deliveries.size()).forEach(rest -> failed.put(rest.item().id(), broken));
                    return;
                }
            }
        } finally {
            close(transport);
        }
    }

    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // the mails went; a server that breaks off at QUIT changes nothing
            }
        }
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }

    /**
     * Keeps the mails in the log, each once, with one statement. Its commit does not wait for the
     * disk ({@link UnflushedCommit}): the entries are marked done afterwards with a durable commit,
     * which flushes these rows too, and a crash before that mark delivers the mails again and logs
     * them then, as a crash after sending always did; the worker does not wait for a flush per batch.
     */
    static void log(Handle handle, List<Delivery> sent, String delivery) {
        handle.createUpdate("INSERT INTO mail_log (outbox_id, recipient, subject, body, delivery)"
                + " SELECT m.outbox_id, m.recipient, m.subject, m.body, :delivery"
                + " FROM unnest(CAST(:ids AS bigint[]), CAST(:recipients AS text[]), CAST(:subjects AS text[]),"
                + " CAST(:bodies AS text[])) AS m (outbox_id, recipient, subject, body)"
                + " WHERE " + UnflushedCommit.CONDITION + " ORDER BY m.outbox_id ON CONFLICT (outbox_id) DO NOTHING")
                .bindArray("ids", Long.class, sent.stream().map(each -> each.item().id()).toArray())
                .bindArray("recipients", String.class, sent.stream().map(each -> each.mail().to()).toArray())
                .bindArray("subjects", String.class, sent.stream().map(each -> each.mail().subject()).toArray())
                .bindArray("bodies", String.class, sent.stream().map(each -> each.mail().body()).toArray())
                .bind("delivery", delivery).execute();
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", Integer.toString(smtp.port()));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.auth", Boolean.toString(!smtp.user().isBlank()));
        return properties;
    }

    /** The mail as a message ready to send, its {@code Message-ID} the entry's. */
    private MimeMessage message(Session session, MailMessage mail, OutboxItem item) throws MessagingException {
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
        message.saveChanges();
        return message;
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
