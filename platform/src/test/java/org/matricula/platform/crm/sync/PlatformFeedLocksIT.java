package org.matricula.platform.crm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.crm.admin.Crm;
import org.matricula.platform.db.GivingWay;
import org.matricula.platform.crm.CrmModule;
import org.matricula.platform.testing.ExecutedStatements;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.QueryPlans;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The feed share-locks the rows it copies into the CRM. A person's or an admin's transaction that
 * holds one of them must never be the one PostgreSQL aborts: the feed gives way at once and reads
 * the row again on its next run. It takes a batch of rows in at once, rows of one person among them.
 */
class PlatformFeedLocksIT {

    /** The platform's own feed runs once at the start, and then not during the test. */
    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of("crm.feed-interval", "1h"));

    @Test
    void theFeedGivesWayToAChangeHoldingARowItReadsAndTakesTheRowInOnItsNextRun() {
        Jdbi jdbi = server.platform().database().jdbi();
        Crm crm = CrmModule.services(jdbi, Clock.systemUTC());
        PlatformFeed feed = new PlatformFeed(jdbi, crm.persons(), crm.timeline(), crm.funnel());
        Session applicant = TestSessions.applicant(server);
        try (Handle change = jdbi.open()) {
            change.begin();
            change.createUpdate("UPDATE accounts SET display_name = 'Changing' WHERE id = :id")
                    .bind("id", applicant.accountId()).execute();
            // without giving way the feed would wait for this transaction, and this one for the feed
            RuntimeException gaveWay = assertThrows(RuntimeException.class,
                    () -> assertTimeoutPreemptively(Duration.ofSeconds(20), feed::catchUp));
            assertTrue(GivingWay.gaveWay(gaveWay), "the feed stopped waiting: " + gaveWay);
            change.commit();
        }
        assertEquals("Changing", jdbi.withHandle(handle -> handle.createQuery(
                "SELECT display_name FROM accounts WHERE id = :id").bind("id", applicant.accountId())
                .mapTo(String.class).one()), "the change was kept");
        assertTrue(feed.catchUp() > 0, "the next run takes the account in");
        assertEquals(1, (int) jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM person_accounts WHERE account_id = :id").bind("id", applicant.accountId())
                .mapTo(Integer.class).one()), "the account has its person");
    }

    /**
     * A run goes on at once only after a source filled its batch; otherwise what comes meanwhile
     * waits for the next tick. A run that went on whenever it took anything in chased a stream of
     * submissions a few rows at a time, reading every source again each time (about 55 runs a
     * second at 800 submissions a second). Runs are counted by the advisory lock each one takes.
     */
    @Test
    void aRunGoesOnAtOnceOnlyAfterAFullBatch() {
        Jdbi jdbi = server.platform().database().jdbi();
        Crm crm = CrmModule.services(jdbi, Clock.systemUTC());
        PlatformFeed feed = new PlatformFeed(jdbi, crm.persons(), crm.timeline(), crm.funnel());
        feed.catchUp();
        assertEquals(1, runsToTakeIn(jdbi, feed, newAccounts(jdbi, "few-accounts", 3)),
                "three accounts: one run, not a second one that finds nothing");
        assertEquals(2, runsToTakeIn(jdbi, feed, newAccounts(jdbi, "batch-accounts", 501)),
                "a full batch of 500 and one more: the second run at once, and no third");
    }

    private static List<UUID> newAccounts(Jdbi jdbi, String prefix, int count) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO accounts (email, password_hash)
                SELECT :prefix || '-' || g || '@example.org', 'x' FROM generate_series(1, :count) g
                RETURNING id""").bind("prefix", prefix).bind("count", count).mapTo(UUID.class).list());
    }

    /** How many runs one {@code catchUp} made; asserts that it took every one of the accounts in. */
    private static int runsToTakeIn(Jdbi jdbi, PlatformFeed feed, List<UUID> accounts) {
        List<String> statements = ExecutedStatements.during(jdbi,
                () -> assertEquals(accounts.size(), feed.catchUp(), "every new account taken in"));
        assertEquals(accounts.size(), (int) jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM person_accounts WHERE account_id IN (<accounts>)")
                .bindList("accounts", accounts).mapTo(Integer.class).one()), "each has its person");
        return (int) statements.stream().filter(sql -> sql.contains("matricula.crm.feed")).count();
    }

    /**
     * The feed polls every second for applicant accounts created since its mark; the accounts before
     * it, tied to their persons long ago, are not read. Counted in buffers, which do not depend on
     * the machine's load: without an index on the creation time the poll read all 20,000 of them
     * (308 buffers, against 9 with it).
     */
    @Test
    void thePollForNewAccountsReadsNoneOfTheOlderOnes() {
        Jdbi jdbi = server.platform().database().jdbi();
        jdbi.useTransaction(h -> {
            h.execute("""
                    INSERT INTO accounts (id, email, password_hash, created_at)
                    SELECT md5('poll-account-' || g)::uuid, 'poll-account-' || g || '@example.org', 'x',
                           now() - interval '2 days' FROM generate_series(1, 20000) g""");
            h.execute("""
                    INSERT INTO persons (id, full_name, email)
                    SELECT md5('poll-person-' || g)::uuid, 'Poll ' || g, 'poll-account-' || g || '@example.org'
                    FROM generate_series(1, 20000) g""");
            h.execute("""
                    INSERT INTO person_accounts (account_id, person_id)
                    SELECT md5('poll-account-' || g)::uuid, md5('poll-person-' || g)::uuid
                    FROM generate_series(1, 20000) g""");
            h.execute("ANALYZE accounts");
        });
        String plan = new QueryPlans(jdbi, "20000 older accounts", "feed-poll-plan.txt").explain(
                "the feed's poll for new accounts", PlatformFeed.NEW_ACCOUNTS
                        .replace(":since", Long.toString(System.currentTimeMillis())).replace(":batch", "500"));
        assertTrue(QueryPlans.buffers(plan) < 20, plan);
    }

    /**
     * Accounts imported at once were all created within one minute. Once the feed has taken them
     * in, its next poll reads none of them: the mark moved on to the run's start, where it used to
     * stay at the newest account's creation, so that every poll read the import's last minute again
     * until the next sign-up (100,000 accounts' worth in the benchmark: 7 ms a poll).
     */
    @Test
    void afterAnImportIsTakenInTheNextPollReadsNoneOfIt() {
        Jdbi jdbi = server.platform().database().jdbi();
        Crm crm = CrmModule.services(jdbi, Clock.systemUTC());
        PlatformFeed feed = new PlatformFeed(jdbi, crm.persons(), crm.timeline(), crm.funnel());
        jdbi.useHandle(h -> {
            h.execute("""
                    INSERT INTO accounts (id, email, password_hash, created_at)
                    SELECT md5('import-account-' || g)::uuid, 'import-account-' || g || '@example.org', 'x',
                           now() - interval '2 minutes' FROM generate_series(1, 1000) g""");
            h.execute("ANALYZE accounts");
            // where the feed's mark stood when they came: its run then took them in
            h.execute("""
                    INSERT INTO crm_sync (source, last_id)
                    VALUES ('accounts', CAST(extract(epoch FROM now() - interval '3 minutes') * 1000 AS bigint))
                    ON CONFLICT (source) DO UPDATE SET last_id = EXCLUDED.last_id""");
        });
        feed.catchUp();
        assertEquals(1000, (int) jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM person_accounts"
                + " pa JOIN accounts a ON a.id = pa.account_id WHERE a.email LIKE 'import-account-%'")
                .mapTo(Integer.class).one()), "every imported account has its person");
        long mark = jdbi.withHandle(handle -> SyncMarks.of(handle, "accounts"));
        String plan = new QueryPlans(jdbi, "1000 accounts imported and taken in", "feed-import-plan.txt").explain(
                "the feed's next poll for new accounts", PlatformFeed.NEW_ACCOUNTS
                        .replace(":since", Long.toString(mark)).replace(":batch", "500"));
        assertTrue(QueryPlans.buffers(plan) < 20, plan);
    }

    @Test
    void oneRunTakesTwoDeclarationsOfOneAccountTheirStatusAndMailsInAsOnePersonMovedAlong() {
        Jdbi jdbi = server.platform().database().jdbi();
        Crm crm = CrmModule.services(jdbi, Clock.systemUTC());
        PlatformFeed feed = new PlatformFeed(jdbi, crm.persons(), crm.timeline(), crm.funnel());
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("feed-batch", "Пакет", "", "feed-school", true, "", ""));
        Program program = catalog.createProgram(new ProgramInput("feed-batch", "Пакет", "", true, "", false));
        Program another = catalog.createProgram(new ProgramInput("feed-batch-2", "Пакет 2", "", true, "", false));
        catalog.link(project.id(), program.id());
        catalog.link(project.id(), another.id());
        TestSessions.applicant(server);
        feed.catchUp();
        // an account the feed has passed already, whose declarations give two addresses and no phone:
        // only the account ties the second declaration to the person the first one made
        String first = "first-" + UUID.randomUUID() + "@example.org";
        String second = "second-" + UUID.randomUUID() + "@example.org";
        UUID account = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO accounts (email, password_hash, created_at)
                VALUES (:email, 'not-a-hash', now() - interval '1 day') RETURNING id""")
                .bind("email", "account-" + UUID.randomUUID() + "@example.org").mapTo(UUID.class).one());
        UUID accepted = declaration(jdbi, account, project, program, first);
        UUID other = declaration(jdbi, account, project, another, second);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO declaration_history (declaration_id, from_status, to_status, comment) VALUES "
                    + "(?, NULL, 'SUBMITTED', ''), (?, NULL, 'SUBMITTED', ''), (?, 'SUBMITTED', 'ACCEPTED', 'Welcome')",
                    accepted, other, accepted);
            h.execute("INSERT INTO mail_log (recipient, subject, body, delivery) VALUES (?, 'Accepted', '', 'KEPT')",
                    second.toUpperCase(Locale.ROOT));
        });

        assertEquals(4, feed.catchUp(), "two declarations, a status change and a mail");

        List<UUID> persons = jdbi.withHandle(h -> h.createQuery("""
                SELECT person_id FROM person_declarations WHERE declaration_id IN (:accepted, :other)
                UNION SELECT person_id FROM person_accounts WHERE account_id = :account""")
                .bind("accepted", accepted).bind("other", other).bind("account", account)
                .mapTo(UUID.class).list());
        assertEquals(1, persons.size(), "one person: " + persons);
        UUID person = persons.get(0);
        assertEquals(List.of("DECLARATION", "DECLARATION", "MAIL", "STAGE", "STAGE", "STATUS"),
                column(jdbi, "SELECT kind FROM timeline_entries WHERE person_id = ? ORDER BY kind", person));
        assertEquals(List.of("applicant", "student"),
                column(jdbi, "SELECT to_stage FROM funnel_moves WHERE person_id = ? ORDER BY id", person));
        assertEquals(List.of("PROCESSING", "PROCESSING"),
                column(jdbi, "SELECT purpose FROM person_consents WHERE person_id = ? ORDER BY id", person));
        assertEquals(List.of(first, second), column(jdbi,
                "SELECT value FROM person_contacts WHERE person_id = ? AND kind = 'EMAIL' ORDER BY id", person));
        assertEquals(0, feed.catchUp(), "reading the rows again adds nothing");
    }

    /**
     * The persons of a run's submissions known by their accounts are filled in together: one
     * statement for their contacts' locks and one for their names, birth dates and contacts, where
     * each submission took two. A contact two of them bring goes to the one that came first.
     */
    @Test
    void theKnownPersonsOfARunAreFilledInTogetherInTheOrderTheyCame() {
        Jdbi jdbi = server.platform().database().jdbi();
        Crm crm = CrmModule.services(jdbi, Clock.systemUTC());
        PlatformFeed feed = new PlatformFeed(jdbi, crm.persons(), crm.timeline(), crm.funnel());
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("feed-fill", "Заполнение", "", "feed-school", true, "",
                ""));
        Program program = catalog.createProgram(new ProgramInput("feed-fill", "Заполнение", "", true, "", false));
        catalog.link(project.id(), program.id());
        List<UUID> accounts = newAccounts(jdbi, "fill-" + UUID.randomUUID(), 3);
        feed.catchUp();
        String phone = "+7999" + (1_000_000 + Math.floorMod(accounts.get(0).hashCode(), 8_999_999));
        List<String> lastNames = List.of("Первова", "Вторая", "Третьякова");
        List<UUID> declarations = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            // the first two bring the same phone
            String values = "{\"lastName\": \"%s\", \"firstName\": \"Анна\", \"birthDate\": \"2001-02-0%d\"%s}"
                    .formatted(lastNames.get(i), i + 1, i < 2 ? ", \"phone\": \"" + phone + "\"" : "");
            declarations.add(declaration(jdbi, accounts.get(i), project, program,
                    "fill-" + UUID.randomUUID() + "@example.org", values));
        }
        jdbi.useHandle(h -> declarations.forEach(declaration -> h.execute("INSERT INTO declaration_history"
                + " (declaration_id, from_status, to_status, comment) VALUES (?, NULL, 'SUBMITTED', '')", declaration)));
        List<String> statements = ExecutedStatements.during(jdbi,
                () -> assertEquals(3, feed.catchUp(), "three declarations"));
        assertEquals(1, statements.stream().filter(sql -> sql.contains("count(pg_advisory_xact_lock(hashtext(k)))")).count(),
                String.join("\n", statements));
        assertEquals(1, statements.stream().filter(sql -> sql.contains("last_name = CASE WHEN p.last_name = ''")).count(),
                String.join("\n", statements));
        for (int i = 0; i < accounts.size(); i++) {
            UUID account = accounts.get(i);
            UUID person = jdbi.withHandle(h -> h.createQuery("SELECT person_id FROM person_accounts WHERE account_id = ?")
                    .bind(0, account).mapTo(UUID.class).one());
            assertEquals(List.of(lastNames.get(i) + " Анна|2001-02-0" + (i + 1)), column(jdbi,
                    "SELECT full_name || '|' || birth_date FROM persons WHERE id = ?", person));
            assertEquals(i == 0 ? List.of(phone) : List.of(), column(jdbi,
                    "SELECT value FROM person_contacts WHERE person_id = ? AND kind = 'PHONE'", person),
                    "the shared phone goes to the first");
        }
    }

    private static UUID declaration(Jdbi jdbi, UUID account, Project project, Program program, String email) {
        return declaration(jdbi, account, project, program, email, "{\"lastName\": \"Пакетова\", \"firstName\": \"Анна\"}");
    }

    private static UUID declaration(Jdbi jdbi, UUID account, Project project, Program program, String email,
            String values) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status, values, email)
                VALUES ('F-' || nextval('declaration_numbers'), :account, :project, :program, 'feed-school',
                        'SUBMITTED', CAST(:values AS jsonb), :email)
                RETURNING id""")
                .bind("account", account).bind("project", project.id()).bind("program", program.id())
                .bind("values", values).bind("email", email).mapTo(UUID.class).one());
    }

    private static List<String> column(Jdbi jdbi, String sql, UUID person) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind(0, person).mapTo(String.class).list());
    }
}
