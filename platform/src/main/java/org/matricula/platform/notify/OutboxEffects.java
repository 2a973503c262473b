package org.matricula.platform.notify;

import java.util.Map;

/**
 * How the outbox worker carries out mails and plugin events: a feature above this one (the
 * registration's submissions) may write the mail or the event of its own entries from what it
 * stored, and hand every other entry to the plain sender.
 */
public interface OutboxEffects {

    /** Entries are sent as stored. */
    OutboxEffects AS_STORED = (sender, events) -> Map.of(Outbox.MAIL, sender, Outbox.EVENT, events);

    /**
     * The handlers of mails and of plugin events, by kind. One handler may serve both; the worker
     * then hands it a batch's entries of both kinds at once.
     */
    Map<String, OutboxHandler> handlers(MailSender sender, PluginEvents events);
}
