package org.matricula.platform.crm.campaigns;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.persons.Persons;

/**
 * One-click unsubscribing (RFC 8058): the token of a campaign mail withdraws the person's
 * marketing consent, recorded with its time and source, and marks the recipient unsubscribed.
 */
public final class Unsubscribe {

    private final Jdbi jdbi;
    private final Persons persons;
    private final Clock clock;

    /** Whose token it is, and whether they already unsubscribed with it. */
    public record Holder(long campaignId, UUID personId, String email, String language, boolean done) {
    }

    public Unsubscribe(Jdbi jdbi, Persons persons, Clock clock) {
        this.jdbi = jdbi;
        this.persons = persons;
        this.clock = clock;
    }

    public Optional<Holder> holder(String token) {
        return jdbi.withHandle(h -> h.createQuery("SELECT campaign_id, person_id, email, language, state FROM"
                + " campaign_recipients WHERE token_hash = :hash").bind("hash", CampaignSender.hash(token))
                .map((rs, ctx) -> new Holder(rs.getLong("campaign_id"), rs.getObject("person_id", UUID.class),
                        rs.getString("email"), rs.getString("language"), "UNSUBSCRIBED".equals(rs.getString("state"))))
                .findOne());
    }

    /** Withdraws the consent once; empty for a token that names nobody. */
    public Optional<Holder> withdraw(String token) {
        return jdbi.inTransaction(h -> {
            Optional<Holder> holder = h.createQuery("SELECT campaign_id, person_id, email, language, state FROM"
                    + " campaign_recipients WHERE token_hash = :hash FOR UPDATE").bind("hash", CampaignSender.hash(token))
                    .map((rs, ctx) -> new Holder(rs.getLong("campaign_id"), rs.getObject("person_id", UUID.class),
                            rs.getString("email"), rs.getString("language"),
                            "UNSUBSCRIBED".equals(rs.getString("state")))).findOne();
            if (holder.isEmpty() || holder.get().done()) {
                return holder;
            }
            persons.consent(h, holder.get().personId(), Persons.MARKETING, false,
                    "unsubscribe: campaign " + holder.get().campaignId(), clock.instant());
            h.createUpdate("UPDATE campaign_recipients SET state = 'UNSUBSCRIBED', unsubscribed_at = :now"
                    + " WHERE campaign_id = :c AND person_id = :p").bind("now", clock.instant())
                    .bind("c", holder.get().campaignId()).bind("p", holder.get().personId()).execute();
            return Optional.of(new Holder(holder.get().campaignId(), holder.get().personId(), holder.get().email(),
                    holder.get().language(), true));
        });
    }
}
