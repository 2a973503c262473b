package org.matricula.platform.crm.leads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.persons.Persons;

/**
 * Writes leads together: one statement for a batch of checked leads, in the caller's transaction.
 * A lead's statement costs PostgreSQL about 1 ms whatever it writes (opening the six tables and
 * their thirty indexes, the statement triggers) and about 0.35 ms for its rows, so leads written
 * one by one spent three quarters of PostgreSQL's time on the statement (docs/performance.md,
 * "Lead intake through the inbox").
 */
final class LeadWriter {

    private LeadWriter() {
    }

    /**
     * A lead ready to be written: everything checked, normalized and put into the statement's form.
     *
     * @param newPerson the id the person gets if the lead makes one
     * @param contacts  the lead's contacts, value to kind ({@code EMAIL}, {@code PHONE}), in order
     * @param visitor   the browser that sent it through a lead form, whose visits go to the person; or null
     * @param language  the language of the lead's request, for a mail to the person; null when none was read
     */
    record Row(UUID newPerson, String lastName, String firstName, String middleName, String fullName, String email,
            String phone, Map<String, String> contacts, Map<String, Boolean> consents, String touch, Instant at,
            String origin, String summary, String details, UUID visitor, String language) {

        /**
         * Whether the lead asks for marketing consent: never recorded as it comes, but confirmed by
         * the holder of the address first ({@link MarketingConfirmations}).
         */
        boolean asksForMarketing() {
            return Boolean.TRUE.equals(consents.get(Persons.MARKETING));
        }

        /** The lead as its statement writes it: a marketing consent asked for is left to be confirmed. */
        Row withoutMarketingAsked() {
            if (!asksForMarketing()) {
                return this;
            }
            Map<String, Boolean> recorded = new LinkedHashMap<>(consents);
            recorded.remove(Persons.MARKETING);
            return new Row(newPerson, lastName, firstName, middleName, fullName, email, phone, contacts, recorded,
                    touch, at, origin, summary, details, visitor, language);
        }

        /** The keys of the lead's contacts ({@code EMAIL:...}, {@code PHONE:...}), which the lead locks. */
        Set<String> keys() {
            Set<String> keys = new TreeSet<>();
            contacts.forEach((value, kind) -> keys.add(kind + ":" + value));
            return keys;
        }
    }

    /**
     * What the statement did with a lead: the person it went to; or {@code again} when another lead
     * of the batch went to the same known person first.
     */
    record Written(Optional<UUID> person, boolean again) {
    }

    /**
     * Writes a batch with {@link #LEADS}, which must hold no two leads sharing a contact, after the
     * caller has taken the contacts' locks ({@link #LOCK}). What each lead came to, in order.
     */
    static List<Written> write(Handle handle, List<Row> rows) {
        List<Long> contactLeads = new ArrayList<>();
        List<String> contactKinds = new ArrayList<>();
        List<String> contactValues = new ArrayList<>();
        List<Long> consentLeads = new ArrayList<>();
        List<String> purposes = new ArrayList<>();
        List<Boolean> granted = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long n = i + 1;
            rows.get(i).contacts().forEach((value, kind) -> {
                contactLeads.add(n);
                contactKinds.add(kind);
                contactValues.add(value);
            });
            rows.get(i).consents().forEach((purpose, given) -> {
                consentLeads.add(n);
                purposes.add(purpose);
                granted.add(given);
            });
        }
        return handle.createQuery(LEADS)
                .bind("stage", Funnel.INTERESTED)
                .bindArray("ids", String.class, rows.stream().map(row -> row.newPerson().toString()).toArray())
                .bindArray("lasts", String.class, rows.stream().map(Row::lastName).toArray())
                .bindArray("firsts", String.class, rows.stream().map(Row::firstName).toArray())
                .bindArray("middles", String.class, rows.stream().map(Row::middleName).toArray())
                .bindArray("fulls", String.class, rows.stream().map(Row::fullName).toArray())
                .bindArray("emails", String.class, rows.stream().map(Row::email).toArray())
                .bindArray("phones", String.class, rows.stream().map(Row::phone).toArray())
                .bindArray("touches", String.class, rows.stream().map(Row::touch).toArray())
                .bindArray("ats", String.class, rows.stream().map(row -> row.at().toString()).toArray())
                .bindArray("origins", String.class, rows.stream().map(Row::origin).toArray())
                .bindArray("summaries", String.class, rows.stream().map(Row::summary).toArray())
                .bindArray("details", String.class, rows.stream().map(Row::details).toArray())
                .bindArray("contactLeads", Long.class, contactLeads.toArray())
                .bindArray("contactKinds", String.class, contactKinds.toArray())
                .bindArray("contactValues", String.class, contactValues.toArray())
                .bindArray("consentLeads", Long.class, consentLeads.toArray())
                .bindArray("purposes", String.class, purposes.toArray())
                .bindArray("granted", Boolean.class, granted.toArray())
                .map((result, context) -> new Written(Optional.ofNullable(result.getObject(1, UUID.class)),
                        result.getBoolean(2)))
                .list();
    }

    /**
     * The locks of leads' contacts, in a fixed order (as {@link org.matricula.platform.crm.persons.Persons#resolve}
     * takes them), so that two writers never wait for each other in a circle and two leads of one
     * new address make one person.
     */
    static final String LOCK = "SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM"
            + " (SELECT unnest(CAST(:keys AS text[])) AS k ORDER BY 1) ordered";

    /**
     * A batch of leads in one statement, which sees the persons the statements before it in the
     * transaction made. Per lead ({@code n}, its place in the batch): the person found by one of its
     * contacts (by email first, then the oldest contact), locked and filled in, or made with the id
     * the lead brings; the touch and the funnel stage in the same write of the row; the contacts, the
     * consents, the funnel's move, and the timeline's entries for the lead and the move. The person
     * moves to the stage only when it lies further down the funnel than where they stand, as
     * {@link Funnel#advance} decides. Of two leads finding the same known person the later is not
     * written and answers {@code again}.
     */
    static final String LEADS = """
            WITH lead AS (
                SELECT l.* FROM unnest(CAST(CAST(:ids AS text[]) AS uuid[]),
                                       CAST(:lasts AS text[]), CAST(:firsts AS text[]), CAST(:middles AS text[]),
                                       CAST(:fulls AS text[]), CAST(:emails AS text[]), CAST(:phones AS text[]),
                                       CAST(CAST(:touches AS text[]) AS jsonb[]),
                                       CAST(CAST(:ats AS text[]) AS timestamptz[]), CAST(:origins AS text[]),
                                       CAST(:summaries AS text[]), CAST(CAST(:details AS text[]) AS jsonb[]))
                     WITH ORDINALITY AS l(new_id, last_name, first_name, middle_name, full_name, email,
                                          phone, touch, at, origin, summary, details, n)),
            contact AS (
                SELECT * FROM unnest(CAST(:contactLeads AS bigint[]), CAST(:contactKinds AS text[]),
                                     CAST(:contactValues AS text[])) WITH ORDINALITY AS c(n, kind, value, i)),
            consent AS (
                SELECT * FROM unnest(CAST(:consentLeads AS bigint[]), CAST(:purposes AS text[]),
                                     CAST(:granted AS boolean[])) WITH ORDINALITY AS k(n, purpose, granted, i)),
            matched AS (
                SELECT l.n, (SELECT pc.person_id FROM contact c
                             JOIN person_contacts pc ON pc.kind = c.kind AND pc.value = c.value
                             WHERE c.n = l.n
                             ORDER BY pc.kind = 'EMAIL' DESC, pc.id LIMIT 1) AS person_id
                FROM lead l),
            locked AS (
                SELECT p.id, p.stage FROM persons p WHERE p.id IN (SELECT person_id FROM matched)
                FOR UPDATE OF p),
            matched_locked AS (
                SELECT m.n, k.id, k.stage FROM matched m JOIN locked k ON k.id = m.person_id),
            found AS (
                SELECT DISTINCT ON (id) n, id, stage FROM matched_locked ORDER BY id, n),
            again AS (
                SELECT n FROM matched_locked EXCEPT SELECT n FROM found),
            fresh AS (
                SELECT l.* FROM lead l WHERE l.n NOT IN (SELECT n FROM matched_locked)),
            moving AS (
                SELECT l.n, t.code FROM lead l JOIN funnel_stages t ON t.code = CAST(:stage AS text) AND t.active
                WHERE l.n NOT IN (SELECT n FROM again)
                  AND NOT EXISTS (SELECT 1 FROM found f JOIN funnel_stages s ON s.code = f.stage
                                  WHERE f.n = l.n AND s.position >= t.position)),
            updated AS (
                UPDATE persons p SET
                    last_name = CASE WHEN p.last_name = '' THEN l.last_name ELSE p.last_name END,
                    first_name = CASE WHEN p.first_name = '' THEN l.first_name ELSE p.first_name END,
                    middle_name = CASE WHEN p.middle_name = '' AND p.last_name IN ('', l.last_name)
                                       THEN l.middle_name ELSE p.middle_name END,
                    full_name = trim(regexp_replace(
                        CASE WHEN p.last_name = '' THEN l.last_name ELSE p.last_name END || ' '
                        || CASE WHEN p.first_name = '' THEN l.first_name ELSE p.first_name END || ' '
                        || CASE WHEN p.middle_name = '' AND p.last_name IN ('', l.last_name)
                                THEN l.middle_name ELSE p.middle_name END, '\\s+', ' ', 'g')),
                    email = CASE WHEN p.email = '' THEN l.email ELSE p.email END,
                    phone = CASE WHEN p.phone = '' THEN l.phone ELSE p.phone END,
                    first_touch = coalesce(p.first_touch, l.touch),
                    last_touch = l.touch,
                    stage = coalesce(m.code, p.stage),
                    stage_since = CASE WHEN m.code IS NOT NULL THEN l.at ELSE p.stage_since END,
                    updated_at = now()
                FROM found f JOIN lead l ON l.n = f.n LEFT JOIN moving m ON m.n = f.n
                WHERE p.id = f.id
                RETURNING f.n, p.id),
            inserted AS (
                INSERT INTO persons (id, last_name, first_name, middle_name, full_name, email, phone, first_touch,
                                     last_touch, stage, stage_since)
                SELECT l.new_id, l.last_name, l.first_name, l.middle_name, l.full_name, l.email, l.phone, l.touch,
                       l.touch, m.code, CASE WHEN m.code IS NULL THEN NULL ELSE l.at END
                FROM fresh l LEFT JOIN moving m ON m.n = l.n
                ORDER BY l.n
                RETURNING id),
            person AS (
                SELECT n, id FROM updated
                UNION ALL
                SELECT l.n, i.id FROM inserted i JOIN lead l ON l.new_id = i.id),
            contacts AS (
                INSERT INTO person_contacts (person_id, kind, value, source)
                SELECT person.id, c.kind, c.value, l.origin
                FROM person JOIN contact c ON c.n = person.n JOIN lead l ON l.n = person.n
                ORDER BY person.n, c.i
                ON CONFLICT (kind, value) DO NOTHING),
            consents AS (
                INSERT INTO person_consents (person_id, purpose, granted, source, at)
                SELECT person.id, k.purpose, k.granted, l.origin, l.at
                FROM person JOIN consent k ON k.n = person.n JOIN lead l ON l.n = person.n
                ORDER BY person.n, k.i),
            moved AS (
                INSERT INTO funnel_moves (person_id, from_stage, to_stage, reason, automatic, at)
                SELECT person.id, f.stage, m.code, l.origin, true, l.at
                FROM person JOIN moving m ON m.n = person.n JOIN lead l ON l.n = person.n
                     LEFT JOIN found f ON f.n = person.n
                ORDER BY person.n
                RETURNING id, person_id, from_stage, to_stage, reason, at),
            entries AS (
                INSERT INTO timeline_entries (person_id, kind, at, summary, details, source_ref)
                SELECT person_id, kind, at, summary, details, source_ref FROM (
                    SELECT person.n, 1 AS place, person.id AS person_id, 'LEAD' AS kind, l.at, l.summary, l.details,
                           CAST(NULL AS text) AS source_ref
                    FROM person JOIN lead l ON l.n = person.n
                    UNION ALL
                    SELECT person.n, 2, moved.person_id, 'STAGE', moved.at, moved.reason,
                           jsonb_build_object('from', moved.from_stage, 'to', moved.to_stage, 'automatic', true),
                           'stage:' || moved.id
                    FROM moved JOIN person ON person.id = moved.person_id) both_kinds
                ORDER BY n, place
                ON CONFLICT (source_ref) DO NOTHING)
            SELECT person.id, a.n IN (SELECT n FROM again)
            FROM unnest(CAST(:ids AS text[])) WITH ORDINALITY AS a(id, n)
            LEFT JOIN person ON person.n = a.n
            ORDER BY a.n""";
}
