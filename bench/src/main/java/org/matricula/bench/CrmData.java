package org.matricula.bench;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The persons the CRM phase reads, made inside PostgreSQL with INSERT ... SELECT generate_series:
 * persons with four funnel stages, tags, ten managers and a year of creation times, an email for
 * each and a phone for every second one, a funnel move each, a third of them members of one of
 * 1,000 organizations, two timeline entries each; and one person with
 * {@value #CARD_ENTRIES} timeline entries, whose card is measured.
 */
final class CrmData {

    static final int CARD_ENTRIES = 5_000;
    static final int ORGANIZATIONS = 1_000;
    private static final int CHUNK = 100_000;

    private final Jdbi jdbi;
    private final int persons;
    private final Results results;

    CrmData(Jdbi jdbi, int persons, Results results) {
        this.jdbi = jdbi;
        this.persons = persons;
        this.results = results;
    }

    /** The id of generated person {@code n}: the same in every statement below. */
    static String idOf(String n) {
        return "md5('bench-person-' || " + n + ")::uuid";
    }

    /** Generates the rows and answers the id of the person with the long timeline. */
    UUID insert() {
        long started = System.nanoTime();
        jdbi.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO accounts (email, password_hash, role, display_name, verified_at)
                    SELECT 'bench-manager-' || g || '@example.org', 'not-a-hash', 'CRM_MANAGER', 'Менеджер ' || g, now()
                    FROM generate_series(0, 9) g""");
            handle.execute("""
                    CREATE UNLOGGED TABLE bench_managers AS
                    SELECT (row_number() OVER (ORDER BY email) - 1)::int AS n, id
                    FROM accounts WHERE email LIKE 'bench-manager-%'""");
            handle.execute("""
                    INSERT INTO organizations (name, kind)
                    SELECT 'Bench organization ' || g, 'EMPLOYER' FROM generate_series(0, ?) g""", ORGANIZATIONS - 1);
            handle.execute("""
                    CREATE UNLOGGED TABLE bench_organizations AS
                    SELECT substring(name FROM 20)::int AS n, id FROM organizations WHERE name LIKE 'Bench organization %'""");
        });
        for (int from = 0; from < persons; from += CHUNK) {
            int to = Math.min(persons, from + CHUNK) - 1;
            insertPersons(from, to);
            System.out.println("generated " + (to + 1) + " persons, " + Figures.millisSince(started) / 1000 + " s");
        }
        UUID card = jdbi.withHandle(handle -> {
            handle.execute("""
                    INSERT INTO timeline_entries (person_id, kind, at, summary, details)
                    SELECT %s, (ARRAY['NOTE','CALL','MAIL','LMS','VISIT','STATUS'])[1 + g %% 6],
                           now() - g * interval '17 minutes', 'Запись ' || g, jsonb_build_object('n', g)
                    FROM generate_series(1, %d) g""".formatted(idOf("0"), CARD_ENTRIES));
            handle.execute("""
                    INSERT INTO crm_tasks (person_id, title, due_at)
                    SELECT %s, 'Задача ' || g, now() + g * interval '1 day' FROM generate_series(1, 5) g"""
                    .formatted(idOf("0")));
            for (String table : new String[] {"persons", "person_contacts", "funnel_moves", "funnel_stays",
                "organization_members", "timeline_entries"}) {
                handle.execute("VACUUM ANALYZE " + table);
            }
            // the pages the load dirtied are written now, as on a server long before its ordinary
            // day, rather than by the checkpointer while the lists are measured
            handle.execute("CHECKPOINT");
            return handle.createQuery("SELECT " + idOf("0")).mapTo(UUID.class).one();
        });
        results.addFormatted("generated %d persons (%d contacts, %d timeline entries, %d organization members) with"
                + " INSERT ... SELECT generate_series in %.1f s", persons, count("person_contacts"),
                count("timeline_entries"), count("organization_members"), Figures.millisSince(started) / 1000.0);
        return card;
    }

    private long count(String table) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    /** Phones are +7800 numbers: the demo's applicants have +79 ones, and a contact is unique. */
    private void insertPersons(int from, int to) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                    INSERT INTO persons (id, last_name, first_name, full_name, birth_date, tags, manager_id, email, phone,
                        stage, stage_since, created_at, updated_at)
                    SELECT <id>, 'Фамилия' || g, 'Имя' || (g % 1000), 'Фамилия' || g || ' Имя' || (g % 1000),
                           date '1970-01-01' + (g % 12000),
                           ARRAY['tag' || (g % 20)] || CASE WHEN g % 7 = 0 THEN ARRAY['vip'] ELSE '{}'::text[] END,
                           m.id, 'person' || g || '@bench.example.org',
                           CASE WHEN g % 2 = 0 THEN '+7800' || lpad(g::text, 7, '0') ELSE '' END,
                           (ARRAY['interested','applicant','student','alumnus'])[1 + g % 4],
                           now() - (g % 365) * interval '1 day', now() - (g % 525600) * interval '1 minute', now()
                    FROM generate_series(:from, :to) g JOIN bench_managers m ON m.n = g % 10""")
                    .define("id", idOf("g")).bind("from", from).bind("to", to).execute();
            handle.createUpdate("""
                    INSERT INTO person_contacts (person_id, kind, value, source)
                    SELECT <id>, 'EMAIL', 'person' || g || '@bench.example.org', 'bench'
                    FROM generate_series(:from, :to) g
                    UNION ALL
                    SELECT <id>, 'PHONE', '+7800' || lpad(g::text, 7, '0'), 'bench'
                    FROM generate_series(:from, :to) g WHERE g % 2 = 0""")
                    .define("id", idOf("g")).bind("from", from).bind("to", to).execute();
            handle.createUpdate("""
                    INSERT INTO funnel_moves (person_id, from_stage, to_stage, reason, automatic, at)
                    SELECT <id>, NULL, (ARRAY['interested','applicant','student','alumnus'])[1 + g % 4], 'bench', true,
                           now() - (g % 365) * interval '1 day'
                    FROM generate_series(:from, :to) g""")
                    .define("id", idOf("g")).bind("from", from).bind("to", to).execute();
            handle.createUpdate("""
                    INSERT INTO organization_members (organization_id, person_id, role)
                    SELECT o.id, <id>, 'STUDENT'
                    FROM generate_series(:from, :to) g JOIN bench_organizations o ON o.n = (g / 3) % 1000
                    WHERE g % 3 = 0""")
                    .define("id", idOf("g")).bind("from", from).bind("to", to).execute();
            handle.createUpdate("""
                    INSERT INTO timeline_entries (person_id, kind, at, summary, details)
                    SELECT <id>, k.kind, now() - (g % 525600) * interval '1 minute' + k.n * interval '1 hour',
                           k.kind || ' ' || g, '{}'::jsonb
                    FROM generate_series(:from, :to) g CROSS JOIN (VALUES (0, 'LEAD'), (1, 'NOTE')) k(n, kind)""")
                    .define("id", idOf("g")).bind("from", from).bind("to", to).execute();
        });
    }
}
