package org.matricula.platform.crm.leads;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.matricula.platform.crm.funnel.Funnel;
import org.matricula.platform.crm.funnel.Touches;
import org.matricula.platform.crm.persons.Contacts;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.timeline.Entry;
import org.matricula.platform.crm.timeline.Kind;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;

/**
 * Takes in a lead: checks every field (all problems at once), then in one transaction of one
 * round trip finds or makes the person, records the contacts, the consents and the touch, puts the
 * lead on the timeline and moves the person to "interested" when they stand nowhere yet.
 */
public final class LeadIntake {

    static final Set<String> UTM = Set.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");

    private final Jdbi jdbi;
    private final Persons persons;
    private final Timeline timeline;
    private final Funnel funnel;
    private final Clock clock;

    public LeadIntake(Jdbi jdbi, Persons persons, Timeline timeline, Funnel funnel, Clock clock) {
        this.jdbi = jdbi;
        this.persons = persons;
        this.timeline = timeline;
        this.funnel = funnel;
        this.clock = clock;
    }

    /**
     * The person the lead went to; empty, with nothing written, when the source has been revoked
     * (possibly on another node after this one read its key).
     */
    public Optional<UUID> take(LeadSources.Source source, Lead lead, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        Optional<String> email = Optional.empty();
        Optional<String> phone = Optional.empty();
        if (!blank(lead.email())) {
            email = Contacts.email(lead.email());
            if (email.isEmpty()) {
                problems.add(problem("email", locale, "crm.lead.email"));
            }
        }
        if (!blank(lead.phone())) {
            phone = Contacts.phone(lead.phone());
            if (phone.isEmpty()) {
                problems.add(problem("phone", locale, "crm.lead.phone"));
            }
        }
        if (blank(lead.email()) && blank(lead.phone())) {
            problems.add(problem("email", locale, "crm.lead.contactNeeded"));
        }
        if (blank(lead.lastName()) && blank(lead.firstName())) {
            problems.add(problem("firstName", locale, "crm.lead.nameNeeded"));
        }
        for (Map.Entry<String, String> field : Map.of("lastName", text(lead.lastName()), "firstName",
                text(lead.firstName()), "middleName", text(lead.middleName()), "interest", text(lead.interest()),
                "channel", text(lead.channel()), "campaign", text(lead.campaign())).entrySet()) {
            if (field.getValue().length() > 200) {
                problems.add(problem(field.getKey(), locale, "crm.lead.tooLong"));
            }
        }
        if (text(lead.referrer()).length() > 2000) {
            problems.add(problem("referrer", locale, "crm.lead.tooLong"));
        }
        if (!Boolean.TRUE.equals(lead.consentProcessing())) {
            problems.add(problem("consentProcessing", locale, "crm.lead.consentNeeded"));
        }
        Map<String, String> utm = new LinkedHashMap<>();
        if (lead.utm() != null) {
            lead.utm().forEach((key, value) -> {
                if (!UTM.contains(key)) {
                    problems.add(new FieldProblem("utm." + key, Messages.text(locale, "crm.lead.utmKey")));
                } else if (text(value).length() > 200) {
                    problems.add(new FieldProblem("utm." + key, Messages.text(locale, "crm.lead.tooLong")));
                } else if (!text(value).isBlank()) {
                    utm.put(key, value.strip());
                }
            });
        }
        Optional<String> programName = Optional.empty();
        if (!blank(lead.program())) {
            programName = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT name FROM programs WHERE code = :code AND active").bind("code", lead.program().strip())
                    .mapTo(String.class).findOne());
            if (programName.isEmpty()) {
                problems.add(problem("program", locale, "crm.lead.program"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        Instant now = clock.instant();
        String origin = "lead: " + source.name();
        Persons.Record record = new Persons.Record(text(lead.lastName()), text(lead.firstName()),
                text(lead.middleName()), null, email.stream().toList(), phone.stream().toList(), origin);
        Map<String, Boolean> consents = new LinkedHashMap<>();
        consents.put(Persons.PROCESSING, true);
        if (lead.consentMarketing() != null) {
            consents.put(Persons.MARKETING, lead.consentMarketing());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", source.name());
        if (!blank(lead.program())) {
            details.put("program", lead.program().strip());
        }
        if (!blank(lead.interest())) {
            details.put("interest", lead.interest().strip());
        }
        if (!utm.isEmpty()) {
            details.put("utm", utm);
        }
        if (!blank(lead.referrer())) {
            details.put("referrer", lead.referrer().strip());
        }
        String touch = Touches.json(new Touches.Touch(lead.channel(), source.name(), lead.campaign(), utm,
                lead.referrer(), now));
        String summary = programName.orElse(text(lead.interest()));
        // No explicit transaction: the two statements go in one message with one Sync, which
        // PostgreSQL runs as one implicit transaction (committed at the Sync, rolled back whole on an
        // error), so the lead costs one round trip and no separate COMMIT.
        return jdbi.withHandle(handle -> write(handle, source.id(), record, consents, touch,
                Entry.of(null, Kind.LEAD, now, summary, details, null, null), origin));
    }

    /**
     * Takes a lock per contact (in a fixed order, as {@link Persons#resolve} does, so that two leads
     * with the same address make one person), then writes the whole lead with {@link #LEAD}: both
     * statements sent at once, one round trip, one transaction. The lead's statement takes its
     * snapshot after the locks are held, so it sees the person a lead that held them before made.
     */
    private static Optional<UUID> write(Handle handle, long source, Persons.Record record,
            Map<String, Boolean> consents, String touch, Entry entry, String origin) {
        Set<String> keys = new TreeSet<>();
        record.emails().forEach(value -> keys.add("EMAIL:" + value));
        record.phones().forEach(value -> keys.add("PHONE:" + value));
        List<String> kinds = new ArrayList<>();
        List<String> values = new ArrayList<>();
        record.emails().forEach(value -> {
            kinds.add("EMAIL");
            values.add(value);
        });
        record.phones().forEach(value -> {
            kinds.add("PHONE");
            values.add(value);
        });
        return handle.createQuery(LOCK + ";\n" + LEAD)
                .bindArray("keys", String.class, keys.toArray())
                .bindArray("emails", String.class, record.emails().toArray())
                .bindArray("phones", String.class, record.phones().toArray())
                .bind("sourceId", source).bind("stage", Funnel.INTERESTED)
                .bind("last", record.lastName()).bind("first", record.firstName())
                .bind("middle", record.middleName()).bind("full", record.fullName())
                .bind("email", record.emails().isEmpty() ? "" : record.emails().get(0))
                .bind("phone", record.phones().isEmpty() ? "" : record.phones().get(0))
                .bind("touch", touch).bind("at", entry.at().toString()).bind("source", origin)
                .bindArray("kinds", String.class, kinds.toArray()).bindArray("values", String.class, values.toArray())
                .bindArray("purposes", String.class, consents.keySet().toArray())
                .bindArray("granted", Boolean.class, consents.values().toArray())
                .bind("summary", entry.summary()).bind("details", Timeline.json(entry.details()))
                .execute(LeadIntake::person);
    }

    /**
     * The person's id, from the second statement's rows (the first only takes the locks); none when
     * the source was revoked.
     */
    private static Optional<UUID> person(Supplier<PreparedStatement> statement, StatementContext context)
            throws SQLException {
        PreparedStatement sent = statement.get();
        if (!sent.getMoreResults()) {
            throw new IllegalStateException("The lead's statement answered no rows");
        }
        try (ResultSet rows = sent.getResultSet()) {
            return rows.next() ? Optional.of(rows.getObject(1, UUID.class)) : Optional.empty();
        }
    }

    /** The locks of a lead's contacts, in a fixed order. */
    static final String LOCK = "SELECT count(pg_advisory_xact_lock(hashtext(k))) FROM"
            + " (SELECT unnest(CAST(:keys AS text[])) AS k ORDER BY 1) ordered";

    /**
     * A lead in one statement: the person found by a contact (locked) and filled in, or made, with
     * the touch and the funnel stage in the same write of the row (a lead writes the person row
     * once); the contacts, the consents, the funnel's move, and the timeline's entries for the lead
     * and the move. The person moves to the stage only when it lies further down the funnel than
     * where they stand, as {@link Funnel#advance} decides. Nothing is written, and no row answered,
     * when the lead's source has been revoked: its key is not read again for every lead
     * ({@link LeadSources#authenticate}), so the revocation is checked here.
     */
    static final String LEAD = """
            WITH source AS (
                SELECT 1 FROM lead_sources WHERE id = CAST(:sourceId AS bigint) AND revoked_at IS NULL),
            found AS (
                SELECT p.id, p.stage FROM persons p
                WHERE p.id = (SELECT c.person_id FROM person_contacts c
                              WHERE (c.kind = 'EMAIL' AND c.value = ANY(CAST(:emails AS text[])))
                                 OR (c.kind = 'PHONE' AND c.value = ANY(CAST(:phones AS text[])))
                              ORDER BY c.kind = 'EMAIL' DESC, c.id LIMIT 1)
                  AND EXISTS (SELECT 1 FROM source)
                FOR UPDATE OF p),
            moving AS (
                SELECT t.code FROM funnel_stages t
                WHERE t.code = CAST(:stage AS text) AND t.active
                  AND NOT EXISTS (SELECT 1 FROM found f JOIN funnel_stages s ON s.code = f.stage
                                  WHERE s.position >= t.position)),
            updated AS (
                UPDATE persons p SET
                    last_name = CASE WHEN p.last_name = '' THEN CAST(:last AS text) ELSE p.last_name END,
                    first_name = CASE WHEN p.first_name = '' THEN CAST(:first AS text) ELSE p.first_name END,
                    middle_name = CASE WHEN p.middle_name = '' AND p.last_name IN ('', CAST(:last AS text))
                                       THEN CAST(:middle AS text) ELSE p.middle_name END,
                    full_name = trim(regexp_replace(
                        CASE WHEN p.last_name = '' THEN CAST(:last AS text) ELSE p.last_name END || ' '
                        || CASE WHEN p.first_name = '' THEN CAST(:first AS text) ELSE p.first_name END || ' '
                        || CASE WHEN p.middle_name = '' AND p.last_name IN ('', CAST(:last AS text))
                                THEN CAST(:middle AS text) ELSE p.middle_name END, '\\s+', ' ', 'g')),
                    email = CASE WHEN p.email = '' THEN CAST(:email AS text) ELSE p.email END,
                    phone = CASE WHEN p.phone = '' THEN CAST(:phone AS text) ELSE p.phone END,
                    first_touch = coalesce(p.first_touch, CAST(:touch AS jsonb)),
                    last_touch = CAST(:touch AS jsonb),
                    stage = coalesce((SELECT code FROM moving), p.stage),
                    stage_since = CASE WHEN EXISTS (SELECT 1 FROM moving) THEN CAST(:at AS timestamptz)
                                       ELSE p.stage_since END,
                    updated_at = now()
                FROM found f WHERE p.id = f.id
                RETURNING p.id),
            inserted AS (
                INSERT INTO persons (last_name, first_name, middle_name, full_name, email, phone, first_touch,
                                     last_touch, stage, stage_since)
                SELECT CAST(:last AS text), CAST(:first AS text), CAST(:middle AS text), CAST(:full AS text),
                       CAST(:email AS text), CAST(:phone AS text), CAST(:touch AS jsonb), CAST(:touch AS jsonb),
                       m.code, CASE WHEN m.code IS NULL THEN NULL ELSE CAST(:at AS timestamptz) END
                FROM (SELECT 1) one LEFT JOIN moving m ON true
                WHERE NOT EXISTS (SELECT 1 FROM found) AND EXISTS (SELECT 1 FROM source)
                RETURNING id),
            person AS (SELECT id FROM updated UNION ALL SELECT id FROM inserted),
            contacts AS (
                INSERT INTO person_contacts (person_id, kind, value, source)
                SELECT person.id, c.kind, c.value, CAST(:source AS text)
                FROM person, unnest(CAST(:kinds AS text[]), CAST(:values AS text[])) WITH ORDINALITY AS c(kind, value, n)
                ORDER BY c.n
                ON CONFLICT (kind, value) DO NOTHING),
            consents AS (
                INSERT INTO person_consents (person_id, purpose, granted, source, at)
                SELECT person.id, c.purpose, c.granted, CAST(:source AS text), CAST(:at AS timestamptz)
                FROM person, unnest(CAST(:purposes AS text[]), CAST(:granted AS boolean[]))
                     WITH ORDINALITY AS c(purpose, granted, n)
                ORDER BY c.n),
            moved AS (
                INSERT INTO funnel_moves (person_id, from_stage, to_stage, reason, automatic, at)
                SELECT person.id, (SELECT stage FROM found), m.code, CAST(:source AS text), true,
                       CAST(:at AS timestamptz)
                FROM person, moving m
                RETURNING id, from_stage, to_stage),
            entries AS (
                INSERT INTO timeline_entries (person_id, kind, at, summary, details, source_ref)
                SELECT person.id, 'LEAD', CAST(:at AS timestamptz), CAST(:summary AS text), CAST(:details AS jsonb),
                       CAST(NULL AS text)
                FROM person
                UNION ALL
                SELECT person.id, 'STAGE', CAST(:at AS timestamptz), CAST(:source AS text),
                       jsonb_build_object('from', moved.from_stage, 'to', moved.to_stage, 'automatic', true),
                       'stage:' || moved.id
                FROM person, moved
                ON CONFLICT (source_ref) DO NOTHING)
            SELECT id FROM person""";

    private static FieldProblem problem(String field, Locale locale, String key) {
        return new FieldProblem(field, Messages.text(locale, key));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
