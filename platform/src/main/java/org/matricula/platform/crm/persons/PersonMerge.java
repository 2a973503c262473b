package org.matricula.platform.crm.persons;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/**
 * Joins two persons into one, in one transaction: the kept person takes over every contact,
 * account, declaration, consent, timeline entry, funnel move, task, mastery record, organization,
 * invoice, payment, discount, membership and scenario run of the other, fills its empty names, birth date and qualification from it, and takes the further funnel stage, the earlier
 * first touch and the later last touch. The other person is then gone; the timeline says so.
 *
 * <p>A new table holding a person's id must be added here (docs/crm.md).
 */
public final class PersonMerge {

    /**
     * What the kept person takes over, table by table: every table holding a person's id is here
     * ({@code PersonMergeIT} checks it against the database's foreign keys). Rows that may exist
     * once a person (a membership, a pre-application per program, an open flag per rule) move only
     * where the kept person has none; the dropped person's rest goes with it.
     */
    private static final List<String> FOLLOWING = List.of(
            "UPDATE person_contacts SET person_id = :keep WHERE person_id = :drop",
            "UPDATE person_accounts SET person_id = :keep WHERE person_id = :drop",
            "UPDATE person_declarations SET person_id = :keep WHERE person_id = :drop",
            // the consents' current states follow through the consents' own trigger
            "UPDATE person_consents SET person_id = :keep WHERE person_id = :drop",
            "UPDATE timeline_entries SET person_id = :keep WHERE person_id = :drop",
            "UPDATE funnel_moves SET person_id = :keep WHERE person_id = :drop",
            "UPDATE crm_tasks SET person_id = :keep WHERE person_id = :drop",
            "UPDATE person_mastery SET person_id = :keep WHERE person_id = :drop",
            "UPDATE deals SET person_id = :keep WHERE person_id = :drop",
            "UPDATE crm_import_items SET person_id = :keep WHERE person_id = :drop",
            // a link mailed to confirm a lead's marketing consent records it for the kept person
            "UPDATE marketing_confirmations SET person_id = :keep WHERE person_id = :drop",
            // an LMS account's statements keep the address they were counted under, now one of the kept person's
            "UPDATE lms_accounts SET person_id = :keep WHERE person_id = :drop",
            """
            INSERT INTO organization_members (organization_id, person_id, role, since)
            SELECT organization_id, :keep, role, since FROM organization_members WHERE person_id = :drop
            ON CONFLICT DO NOTHING""",
            // money: the dropped person's invoices, payments and discounts are the kept person's now;
            // the analytics follow through the payments' own trigger
            "UPDATE invoices SET person_id = :keep WHERE person_id = :drop",
            "UPDATE payments SET person_id = :keep WHERE person_id = :drop",
            "UPDATE acquiring_payments SET person_id = :keep WHERE person_id = :drop",
            "UPDATE billing_discounts SET person_id = :keep WHERE person_id = :drop",
            "UPDATE billing_payers SET person_id = :keep WHERE person_id = :drop",
            "UPDATE site_visits SET person_id = :keep WHERE person_id = :drop",
            "UPDATE community_activity SET person_id = :keep WHERE person_id = :drop",
            """
            UPDATE pre_applications SET person_id = :keep WHERE person_id = :drop
            AND program_id NOT IN (SELECT program_id FROM pre_applications WHERE person_id = :keep)""",
            """
            INSERT INTO segment_members (segment_id, person_id)
            SELECT segment_id, :keep FROM segment_members WHERE person_id = :drop
            ON CONFLICT DO NOTHING""",
            """
            UPDATE campaign_recipients SET person_id = :keep WHERE person_id = :drop
            AND campaign_id NOT IN (SELECT campaign_id FROM campaign_recipients WHERE person_id = :keep)""",
            """
            UPDATE scenario_runs r SET person_id = :keep WHERE r.person_id = :drop
            AND NOT EXISTS (SELECT FROM scenario_runs k WHERE k.person_id = :keep AND k.scenario_id = r.scenario_id
                            AND k.trigger_ref = r.trigger_ref)""",
            """
            INSERT INTO scenario_segment_members (scenario_id, person_id, entered_at)
            SELECT scenario_id, :keep, entered_at FROM scenario_segment_members WHERE person_id = :drop
            ON CONFLICT DO NOTHING""",
            """
            UPDATE stuck_flags f SET person_id = :keep WHERE f.person_id = :drop
            AND (f.cleared_at IS NOT NULL OR NOT EXISTS (SELECT FROM stuck_flags k WHERE k.person_id = :keep
                 AND k.program_id = f.program_id AND k.rule_id = f.rule_id AND k.cleared_at IS NULL))""");

    /** Whether a merge carries over the rows of {@code table}. */
    static boolean carries(String table) {
        return FOLLOWING.stream().anyMatch(statement -> statement.matches("(?s).*\\b(UPDATE|INTO) " + table + "\\b.*"));
    }

    private final Jdbi jdbi;
    private final Timeline timeline;
    private final Clock clock;

    public PersonMerge(Jdbi jdbi, Timeline timeline, Clock clock) {
        this.jdbi = jdbi;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** Merges {@code drop} into {@code keep}. */
    public void merge(UUID keep, UUID drop, UUID actor, Locale locale) {
        if (keep.equals(drop)) {
            throw InvalidInputException.field("drop", Messages.text(locale, "crm.merge.samePerson"));
        }
        jdbi.useTransaction(handle -> {
            // Both locked in one order, so two merges of the same pair never deadlock.
            List<UUID> locked = handle.createQuery("SELECT id FROM persons WHERE id IN (:keep, :drop) ORDER BY id FOR UPDATE")
                    .bind("keep", keep).bind("drop", drop).mapTo(UUID.class).list();
            if (locked.size() != 2) {
                throw NotFoundException.localized("refusal.person.missing", String.valueOf((locked.contains(keep)) ? drop : keep));
            }
            String dropped = handle.createQuery("SELECT full_name || ' ' || email FROM persons WHERE id = :drop")
                    .bind("drop", drop).mapTo(String.class).one().strip();
            handle.createUpdate("""
                    UPDATE persons k SET
                        last_name = CASE WHEN k.last_name = '' THEN d.last_name ELSE k.last_name END,
                        first_name = CASE WHEN k.first_name = '' THEN d.first_name ELSE k.first_name END,
                        middle_name = CASE WHEN k.middle_name = '' THEN d.middle_name ELSE k.middle_name END,
                        full_name = CASE WHEN k.full_name = '' THEN d.full_name ELSE k.full_name END,
                        birth_date = coalesce(k.birth_date, d.birth_date),
                        tags = ARRAY(SELECT DISTINCT unnest(k.tags || d.tags)),
                        manager_id = coalesce(k.manager_id, d.manager_id),
                        qualification = coalesce(k.qualification, d.qualification),
                        email = CASE WHEN k.email = '' THEN d.email ELSE k.email END,
                        phone = CASE WHEN k.phone = '' THEN d.phone ELSE k.phone END,
                        stage = CASE WHEN coalesce((SELECT position FROM funnel_stages WHERE code = d.stage), -1)
                                        > coalesce((SELECT position FROM funnel_stages WHERE code = k.stage), -1)
                                     THEN d.stage ELSE k.stage END,
                        stage_since = CASE WHEN coalesce((SELECT position FROM funnel_stages WHERE code = d.stage), -1)
                                        > coalesce((SELECT position FROM funnel_stages WHERE code = k.stage), -1)
                                     THEN d.stage_since ELSE k.stage_since END,
                        first_touch = CASE WHEN k.first_touch IS NULL OR (d.first_touch IS NOT NULL
                                               AND d.first_touch ->> 'at' < k.first_touch ->> 'at')
                                           THEN d.first_touch ELSE k.first_touch END,
                        last_touch = CASE WHEN k.last_touch IS NULL OR (d.last_touch IS NOT NULL
                                              AND d.last_touch ->> 'at' > k.last_touch ->> 'at')
                                          THEN d.last_touch ELSE k.last_touch END,
                        created_at = least(k.created_at, d.created_at),
                        updated_at = now()
                    FROM persons d WHERE k.id = :keep AND d.id = :drop""")
                    .bind("keep", keep).bind("drop", drop).execute();
            for (String statement : FOLLOWING) {
                handle.createUpdate(statement).bind("keep", keep).bind("drop", drop).execute();
            }
            handle.createUpdate("DELETE FROM persons WHERE id = :drop").bind("drop", drop).execute();
            timeline.append(handle, Entry.of(keep, Kind.MERGE, clock.instant(), dropped,
                    Map.of("merged", drop.toString()), actor, "merge:" + drop));
        });
    }
}
