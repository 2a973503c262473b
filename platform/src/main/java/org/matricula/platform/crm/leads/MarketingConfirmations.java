package org.matricula.platform.crm.leads;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;
import org.matricula.platform.notify.MailMessage;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.web.SecretTokens;

/**
 * Double opt-in for the marketing consent a lead asks for. Anyone may post a lead form naming any
 * address, so its "send me news" is never recorded as consent by itself: unless the person's
 * latest marketing consent is already granted (then nothing changes), the address the campaigns
 * would mail gets a one-time link, and the consent is recorded, with the lead's source and the
 * time, only once the page of that link has been confirmed with its button (a GET changes
 * nothing: mail scanners open links). An address gets at most one such mail per
 * {@link #ONE_MAIL_PER}, however many leads name it, and the mail holds nothing a lead typed,
 * so that nobody can have the platform carry their text to someone else's mailbox.
 */
public final class MarketingConfirmations {

    /** How long a mailed link confirms. */
    public static final Duration VALID_FOR = Duration.ofDays(7);
    /** At most one confirmation mail per address in this time. */
    public static final Duration ONE_MAIL_PER = Duration.ofHours(24);
    private static final String CONFIRMED_BY_MAIL = ", confirmed by mail";

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Persons persons;
    private final String baseUrl;
    private final Clock clock;

    /** @param baseUrl the public address the mailed link starts with */
    public MarketingConfirmations(Jdbi jdbi, Outbox outbox, String baseUrl, Clock clock) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.persons = new Persons(jdbi);
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** Where a confirmation stands. */
    public enum State { PENDING, CONFIRMED, EXPIRED }

    /** A confirmation as its page shows it: the address it is for, the language it was asked in and its state. */
    public record Confirmation(String email, String language, State state) {
    }

    private record Standing(String email, boolean granted) {
    }

    /**
     * In the transaction that writes a lead asking for marketing consent, once its person is
     * known: nothing when their consent stands or they have no address, nor when a confirmation
     * went to the address within {@link #ONE_MAIL_PER} (its link still works); else a new link,
     * mailed in {@code language} through the outbox. Answers whether a mail was queued.
     *
     * @param source the lead's origin, recorded with the consent once it is confirmed
     */
    boolean ask(Handle handle, UUID person, String source, String language) {
        Optional<Standing> standing = handle.createQuery("""
                SELECT p.email, coalesce(s.granted, false) AS granted FROM persons p
                LEFT JOIN person_consent_states s ON s.person_id = p.id AND s.purpose = :purpose
                WHERE p.id = :person""").bind("person", person).bind("purpose", Persons.MARKETING)
                .map((rs, ctx) -> new Standing(rs.getString("email"), rs.getBoolean("granted"))).findOne();
        if (standing.isEmpty() || standing.get().granted() || standing.get().email().isBlank()) {
            return false;
        }
        String email = standing.get().email();
        Instant now = clock.instant();
        // Two leads of one address on two nodes at once: one mail.
        handle.createQuery("SELECT count(pg_advisory_xact_lock(hashtext(:key)))")
                .bind("key", "marketing-confirmation:" + email).mapTo(Long.class).one();
        boolean mailedLately = handle.createQuery("""
                SELECT EXISTS (SELECT 1 FROM marketing_confirmations WHERE email = :email AND requested_at > :since)""")
                .bind("email", email).bind("since", now.minus(ONE_MAIL_PER)).mapTo(Boolean.class).one();
        if (mailedLately) {
            return false;
        }
        Locale locale = Messages.language(language).orElse(Messages.RUSSIAN);
        String token = SecretTokens.newToken();
        Instant expires = now.plus(VALID_FOR);
        handle.createUpdate("""
                INSERT INTO marketing_confirmations (person_id, email, source, language, token_hash, requested_at,
                                                     expires_at)
                VALUES (:person, :email, :source, :language, :hash, :now, :expires)""")
                .bind("person", person).bind("email", email).bind("source", source)
                .bind("language", locale.getLanguage()).bind("hash", SecretTokens.digest(token)).bind("now", now)
                .bind("expires", expires).execute();
        outbox.mail(handle, new MailMessage(email, Messages.text(locale, "crm.marketingConfirmation.mail.subject"),
                Messages.text(locale, "crm.marketingConfirmation.mail.body", baseUrl + "/consent/" + token,
                        TimeDisplay.dateTime(locale, expires))));
        return true;
    }

    /** The confirmation of this token, as it stands; empty for a token that names none. */
    public Optional<Confirmation> find(String token) {
        return jdbi.withHandle(handle -> stored(handle, token, "", clock.instant()).map(Stored::confirmation));
    }

    /**
     * Records the marketing consent of the token's person, once: with the lead's source and the
     * time of confirming. A token confirmed before, or expired, changes nothing. Answers the
     * confirmation as it stands afterwards; empty for a token that names none.
     */
    public Optional<Confirmation> confirm(String token) {
        return jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            Optional<Stored> found = stored(handle, token, " FOR UPDATE OF m", now);
            if (found.isEmpty() || found.get().confirmation().state() != State.PENDING) {
                return found.map(Stored::confirmation);
            }
            Stored pending = found.get();
            persons.consent(handle, pending.person(), Persons.MARKETING, true, pending.source() + CONFIRMED_BY_MAIL,
                    now);
            handle.createUpdate("UPDATE marketing_confirmations SET confirmed_at = :now WHERE id = :id")
                    .bind("now", now).bind("id", pending.id()).execute();
            return Optional.of(new Confirmation(pending.confirmation().email(), pending.confirmation().language(),
                    State.CONFIRMED));
        });
    }

    /** A confirmation's row, with whose consent it records and the source it records it with. */
    private record Stored(long id, UUID person, String source, Confirmation confirmation) {
    }

    /**
     * The row of the token, its state as of {@code now}; {@code lock} is empty or {@code " FOR UPDATE OF m"}.
     * A link also counts as expired once its address is no longer the one the campaigns mail its
     * person at (a merge into a person with another address, the address removed from the card):
     * confirming it would subscribe an address that never confirmed.
     */
    private static Optional<Stored> stored(Handle handle, String token, String lock, Instant now) {
        return handle.createQuery("""
                SELECT m.id, m.person_id, m.source, m.email, m.language, m.confirmed_at IS NOT NULL AS confirmed,
                       m.expires_at <= :now OR lower(p.email) <> lower(m.email) AS expired
                FROM marketing_confirmations m JOIN persons p ON p.id = m.person_id
                WHERE m.token_hash = :hash""" + lock)
                .bind("hash", SecretTokens.digest(token)).bind("now", now)
                .map((rs, ctx) -> new Stored(rs.getLong("id"), rs.getObject("person_id", UUID.class),
                        rs.getString("source"), new Confirmation(rs.getString("email"), rs.getString("language"),
                                rs.getBoolean("confirmed") ? State.CONFIRMED
                                        : rs.getBoolean("expired") ? State.EXPIRED : State.PENDING)))
                .findOne();
    }
}
