package org.matricula.platform.crm.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.lists.ListFilter;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.QueryPlans;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The persons list's plans over generated persons (as the bench's {@code CrmData}: ten managers,
 * four stages; {@code persons.plans} of them, 20,000 unless told): one manager's persons in one
 * stage, sorted by name, are a range of one index for the page and for the count, whatever the
 * number of persons (docs/performance.md). Buffer counts do not depend on the machine's load; the
 * plans are written to {@code target/persons-plans.txt}.
 */
class PersonsListPlansIT {

    static final int PERSONS = Integer.getInteger("persons.plans", 20_000);

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static QueryPlans plans;

    @BeforeAll
    static void generate() {
        jdbi = server.platform().database().jdbi();
        plans = new QueryPlans(jdbi, PERSONS + " persons", "persons-plans.txt");
        jdbi.useTransaction(h -> {
            h.execute("""
                    INSERT INTO accounts (email, password_hash, role, display_name, verified_at)
                    SELECT 'plan-manager-' || g || '@example.org', 'not-a-hash', 'CRM_MANAGER', 'Менеджер ' || g, now()
                    FROM generate_series(0, 9) g""");
            h.execute("""
                    CREATE TEMP TABLE plan_managers AS
                    SELECT (row_number() OVER (ORDER BY email) - 1)::int AS n, id
                    FROM accounts WHERE email LIKE 'plan-manager-%'""");
            h.execute("""
                    INSERT INTO persons (id, last_name, first_name, full_name, manager_id, email, stage, created_at, tags)
                    SELECT md5('plan-person-' || g)::uuid, 'Фамилия' || g, 'Имя' || (g % 1000),
                           'Фамилия' || g || ' Имя' || (g % 1000), m.id, 'plan-person' || g || '@example.org',
                           (ARRAY['interested','applicant','student','alumnus'])[1 + g % 4],
                           now() - (g % 525600) * interval '1 minute',
                           ARRAY['tag' || (g % 20)] || CASE WHEN g % 7 = 0 THEN ARRAY['vip'] ELSE '{}'::text[] END
                    FROM generate_series(0, ? - 1) g JOIN plan_managers m ON m.n = g % 10""", PERSONS);
        });
        jdbi.useHandle(h -> h.execute("VACUUM ANALYZE persons"));
    }

    @Test
    void oneManagersPersonsInAStageSortedByNameAreOneIndexRange() throws Exception {
        String manager = jdbi.withHandle(h -> h.createQuery(
                "SELECT id::text FROM accounts WHERE email = 'plan-manager-3@example.org'").mapTo(String.class).one());
        String where = " WHERE (" + condition("stage").replace(":f_stage", "'applicant'") + ") AND ("
                + condition("manager").replace(":f_manager", "'" + manager + "'") + ")";
        String count = "SELECT count(*) FROM (SELECT 1 FROM persons p" + where + " LIMIT 1001) counted";
        String page = "SELECT p.id, p.full_name, p.email FROM persons p WHERE p.id IN (SELECT p.id FROM persons p"
                + where + " ORDER BY p.full_name ASC, p.id ASC LIMIT 50 OFFSET 50) ORDER BY p.full_name ASC, p.id ASC";
        String countPlan = plans.explain("manager and stage, count", count);
        String pagePlan = plans.explain("manager and stage, page 2 by name", page);

        // manager 3 has every tenth person, of whom half are applicants
        long counted = jdbi.withHandle(h -> h.createQuery(count).mapTo(Long.class).one());
        assertEquals(Math.min(1001, PERSONS / 20), counted);
        assertEquals(50, jdbi.withHandle(h -> h.createQuery(page).mapTo(String.class).list()).size());
        // a range of the index (read from the index alone once the table's pages are all visible)
        assertTrue(countPlan.contains("persons_manager_stage_name"), countPlan);
        assertTrue(pagePlan.contains("persons_manager_stage_name"), pagePlan);
        // before V91: a sequential count, and the name's index walked with each person read
        // from the table (976 and 2,216 buffers at 500,000 persons)
        assertTrue(QueryPlans.buffers(countPlan) < 100, countPlan);
        assertTrue(QueryPlans.buffers(pagePlan) < 500, pagePlan);
    }

    @Test
    void anOrganizationsPersonsAreReadByKeyNotByWalkingEveryPersonInDateOrder() throws Exception {
        jdbi.useTransaction(h -> {
            h.execute("""
                    INSERT INTO organizations (name, kind)
                    SELECT 'Plan organization ' || g, 'EMPLOYER' FROM generate_series(0, 99) g""");
            h.execute("""
                    INSERT INTO organization_members (organization_id, person_id, role)
                    SELECT o.id, p.id, 'STUDENT' FROM persons p
                    JOIN organizations o ON o.name = 'Plan organization ' || (abs(hashtext(p.id::text)) % 100)
                    WHERE p.email LIKE 'plan-person%'""");
        });
        jdbi.useHandle(h -> h.execute("ANALYZE organizations; ANALYZE organization_members"));
        for (String named : List.of("id", "name")) {
            String value = named.equals("id") ? jdbi.withHandle(h -> h.createQuery(
                    "SELECT id::text FROM organizations WHERE name = 'Plan organization 47'").mapTo(String.class).one())
                    : "PLAN ORGANIZATION 47";
            String page = """
                    SELECT p.id FROM persons p WHERE (%s)
                    ORDER BY p.created_at DESC, p.id DESC LIMIT 50 OFFSET 50""".formatted(condition("organization"))
                    .replace(":f_organization", "'" + value + "'");
            String plan = plans.explain("an organization by its " + named + ", page 2", page);
            // as a semi-join the plan walked persons_created, testing every person (2 s at 500,000)
            assertTrue(plan.contains("persons_pkey") && !plan.contains("persons_created"), plan);
            assertEquals(50, jdbi.withHandle(h -> h.createQuery(page).mapTo(String.class).list()).size());
        }
    }

    @Test
    void aTagsPersonsSortedByNameAreCheckedOnTheNameIndexAlone() throws Exception {
        // page 10 of a tag one person in seven has, as the bench asks for it
        String page = """
                SELECT p.id FROM persons p WHERE (%s)
                ORDER BY p.full_name ASC, p.id ASC LIMIT 50 OFFSET 450""".formatted(condition("tag"))
                .replace(":f_tag", "'vip'");
        String plan = plans.explain("a tag, sorted by name, page 10", page);
        assertTrue(plan.contains("Index Only Scan using persons_full_name"), plan);
        assertEquals(50, jdbi.withHandle(h -> h.createQuery(page).mapTo(String.class).list()).size());
    }

    @Test
    void aWordWithAnAtIsLookedUpByTheAddresssLocalPart() throws Exception {
        // as lists.ListSearch matches a word with an @ in the persons' e-mail (V91)
        String count = """
                SELECT count(*) FROM (SELECT 1 FROM persons p
                WHERE (p.full_name ILIKE '%person1337@example%' ESCAPE '!'
                       OR (reverse(lower(split_part(p.email, '@', 1))) LIKE lower('7331nosrep%') ESCAPE '!'
                           AND p.email ILIKE '%person1337@example%' ESCAPE '!')
                       OR p.phone ILIKE '%person1337@example%' ESCAPE '!') LIMIT 1001) counted""";
        String plan = plans.explain("search by part of an address, count", count);
        long counted = jdbi.withHandle(h -> h.createQuery(count).mapTo(Long.class).one());
        assertEquals(1, counted);
        assertTrue(plan.contains("persons_email_local_reversed"), plan);
        // the e-mail's trigram index walked the entries of trigrams every address has, such as "@ex"
        assertTrue(QueryPlans.buffers(plan) < 200, plan);
    }

    @Test
    void thePersonsFoundByPartOfAnAddressAreThoseItIsPartOf() throws Exception {
        Session admin = TestSessions.admin(server);
        for (String word : List.of("plan-PERSON1337@example", "1337@example.org", "n1@EXAMPLE", "@example.o",
                "son7@ex", "ЯИМ@ex")) {
            List<String> expected = jdbi.withHandle(h -> h.createQuery("""
                    SELECT id::text FROM persons
                    WHERE full_name ILIKE :q OR email ILIKE :q OR phone ILIKE :q ORDER BY created_at DESC, id DESC""")
                    .bind("q", "%" + word + "%").mapTo(String.class).list());
            assertEquals(expected.subList(0, Math.min(200, expected.size())), shown(admin, word), word);
        }
    }

    @Test
    void aNameWordIsLookedUpByItsUncommonPartAndMatchedWhole() throws Exception {
        // as lists.ListSearch looks up a word whose trigrams every generated name shares in part
        String whole = "(p.full_name ILIKE '%Фамилия1234%' ESCAPE '!')";
        String probed = "(p.full_name ILIKE '%ия1234%' ESCAPE '!' AND (p.full_name || '') ILIKE '%Фамилия1234%' ESCAPE '!')";
        long wholeBuffers = QueryPlans.buffers(plans.explain("a name, looked up whole",
                "SELECT count(*) FROM (SELECT 1 FROM persons p WHERE " + whole + " LIMIT 1001) c"));
        String plan = plans.explain("a name, looked up by its uncommon part",
                "SELECT count(*) FROM (SELECT 1 FROM persons p WHERE " + probed + " LIMIT 1001) c");
        assertTrue(plan.contains("persons_full_name_trgm"), plan);
        assertTrue(QueryPlans.buffers(plan) * 2 < wholeBuffers, wholeBuffers + " against " + plan);

        Session admin = TestSessions.admin(server);
        for (String word : List.of("Фамилия1234", "фамилия12", "ФАМИЛИЯ1999 имя999", "я1234", "Фамилия", "милия77 Им")) {
            List<String> expected = jdbi.withHandle(h -> h.createQuery("""
                    SELECT id::text FROM persons p WHERE <words> ORDER BY created_at DESC, id DESC""")
                    .define("words", String.join(" AND ", List.of(word.split(" ")).stream()
                            .map(part -> "(full_name ILIKE '%" + part + "%' OR email ILIKE '%" + part
                                    + "%' OR phone ILIKE '%" + part + "%')").toList()))
                    .mapTo(String.class).list());
            assertEquals(expected.subList(0, Math.min(200, expected.size())), shown(admin, word), word);
        }
    }

    private static List<String> shown(Session admin, String word) throws Exception {
        HttpResponse<String> page = server.send(admin.request("/admin/persons?size=200&q="
                + URLEncoder.encode(word, StandardCharsets.UTF_8)));
        assertEquals(200, page.statusCode(), page.body());
        List<String> shown = new ArrayList<>();
        Matcher links = Pattern.compile("/admin/persons/([0-9a-f-]{36})\"").matcher(page.body());
        while (links.find()) {
            if (!shown.contains(links.group(1))) {
                shown.add(links.group(1));
            }
        }
        return shown;
    }

    static String condition(String filter) {
        return PersonsList.definition().filters().stream().filter(f -> f.parameter().equals(filter))
                .map(ListFilter::condition).findFirst().orElseThrow();
    }
}
