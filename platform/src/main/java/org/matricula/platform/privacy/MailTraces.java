package org.matricula.platform.privacy;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Mails are copies of personal data too: each sits in the outbox as it was queued and in the
 * mail log as it was sent. Mails to a person are blanked whole; their name and address are
 * blotted out of mails to others, such as the staff digests that list new declarations.
 */
final class MailTraces {

    static final String BLOT = "[erased]";
    // Shorter strings would blot ordinary words out of unrelated mails.
    private static final int SHORTEST_TRACE = 3;

    /** Blanks the mails to these addresses (lower case) and cancels those not sent yet. */
    void forget(Handle handle, Collection<String> addresses, String replacement) {
        if (addresses.isEmpty()) {
            return;
        }
        // A mail the worker is sending at this very moment is logged after this; see sweepLate.
        handle.createUpdate("""
                UPDATE outbox SET payload = jsonb_build_object('to', :replacement, 'subject', payload -> 'subject',
                                                               'body', ''),
                       status = CASE WHEN status = 'PENDING' THEN 'DEAD' ELSE status END,
                       last_error = CASE WHEN status = 'PENDING' THEN 'Cancelled: the recipient was erased' END
                WHERE kind = 'mail' AND lower(payload ->> 'to') = ANY(:addresses)""")
                .bind("replacement", replacement).bindArray("addresses", String.class, addresses.toArray()).execute();
        handle.createUpdate("""
                UPDATE mail_log SET recipient = :replacement, body = ''
                WHERE lower(recipient) = ANY(:addresses)""")
                .bind("replacement", replacement).bindArray("addresses", String.class, addresses.toArray()).execute();
    }

    /** Replaces every occurrence of these names and addresses in the text of any mail. */
    void blot(Handle handle, Collection<String> traces) {
        List<String> kept = traces.stream().map(String::strip).filter(trace -> trace.length() >= SHORTEST_TRACE)
                .distinct().toList();
        if (kept.isEmpty()) {
            return;
        }
        // One case-insensitive pattern of all the traces, so each table is read once.
        String pattern = kept.stream().map(MailTraces::literal).collect(Collectors.joining("|"));
        handle.createUpdate("""
                UPDATE outbox SET payload = jsonb_set(payload, '{body}',
                                                      to_jsonb(regexp_replace(payload ->> 'body', :pattern, :blot, 'gi')))
                WHERE kind = 'mail' AND payload ->> 'body' ~* :pattern""")
                .bind("pattern", pattern).bind("blot", BLOT).execute();
        handle.createUpdate("""
                UPDATE mail_log SET body = regexp_replace(body, :pattern, :blot, 'gi') WHERE body ~* :pattern""")
                .bind("pattern", pattern).bind("blot", BLOT).execute();
    }

    /**
     * Blanks mail-log rows written after their mail was forgotten: the worker may have been
     * sending it at the moment of erasure. The outbox row, blanked, still names the erased address.
     */
    int sweepLate(Handle handle) {
        return handle.createUpdate("""
                UPDATE mail_log m SET recipient = o.payload ->> 'to', body = ''
                FROM outbox o
                WHERE m.outbox_id = o.id AND o.kind = 'mail' AND o.payload ->> 'to' LIKE 'erased-%@erased.invalid'
                  AND m.recipient <> o.payload ->> 'to'""").execute();
    }

    /** The text as a PostgreSQL regular expression matching it literally. */
    static String literal(String text) {
        return text.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0");
    }
}
