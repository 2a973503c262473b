package org.matricula.platform.notify;

/**
 * How the outbox worker carries out mails and plugin events: a feature above this one (the
 * registration's submissions) may write the mail or the event of its own entries from what it
 * stored, and hand every other entry to the plain sender.
 */
public interface OutboxEffects {

    /** Entries are sent as stored. */
    OutboxEffects AS_STORED = new OutboxEffects() {
        @Override
        public OutboxHandler mails(MailSender sender) {
            return sender;
        }

        @Override
        public OutboxHandler events(PluginEvents events) {
            return events;
        }
    };

    OutboxHandler mails(MailSender sender);

    OutboxHandler events(PluginEvents events);
}
