package org.matricula.platform.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.accounts.PasswordHasher;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestDeclarations;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Personal-data rights end to end: the applicant's download, erasure by the applicant and by an
 * admin (checked against every text column of the database), and the retention job.
 */
class PersonalDataIT {

    static final String PASSWORD = "correct horse battery staple";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Random RANDOM = new Random();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Project project;
    static Program law;
    static Program history;

    /** What one applicant typed, all of it unique to them so that a search finds only them. */
    record Person(String lastName, String firstName, String middleName, String email, String phone, String snils) {

        static Person random(String email) {
            return new Person("Забытова" + letters(), "Мария" + letters(), "Ивановна" + letters(), email, randomPhone(),
                    randomSnils());
        }

        String fullName() {
            return lastName + " " + firstName + " " + middleName;
        }

        Map<String, String> values() {
            return Map.of("category", "other", "lastName", lastName, "firstName", firstName, "middleName", middleName,
                    "birthDate", "1990-05-17", "sex", "female", "email", email, "phone", phone, "snils", snils);
        }

        /** What must be found nowhere once the person is erased. */
        List<String> traces() {
            return List.of(lastName, firstName, middleName, email, phone, snils);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("privacy-school", "1.0.0").pluginClass(FixturePlugin.class).extension(PersonalFamily.class)
                .extension(PersonalNotes.class)
                .resource("db/migration/privacy-school/V1__notes.sql", "CREATE TABLE notes (number text, applicant text);")
                .writeTo(server.pluginsDir(), "privacy-school.jar");
        server.awaitFamily("privacy-school");
        Catalog catalog = new Catalog(jdbi, id -> true);
        project = catalog.createProject(new ProjectInput("rights", "Права", "", "privacy-school", true, "", ""));
        law = catalog.createProgram(new ProgramInput("law", "Право", "", true, "", false));
        history = catalog.createProgram(new ProgramInput("history", "История", "", true, "", false));
        catalog.link(project.id(), law.id());
        catalog.link(project.id(), history.id());
    }

    @Test
    void exportHoldsEverythingOfTheAccountAndNothingOfAnother() throws Exception {
        Session me = applicant();
        Person person = Person.random(me.email());
        setProfile(me, person);
        String id = submit(me, law, person);
        notePluginKeeps(id, person);
        document(id, "скан.pdf", "%PDF-1.4 signed".getBytes(StandardCharsets.UTF_8));
        changeStatus(id, "REJECTED", "Не дозвонились по " + person.phone());
        Session other = applicant();
        Person stranger = Person.random(other.email());
        setProfile(other, stranger);
        notePluginKeeps(submit(other, law, stranger), stranger);
        awaitMails(me.email(), 2);

        HttpResponse<String> response = server.send(me.request("/api/me/data"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode data = JSON.readTree(response.body());
        assertEquals(me.email(), data.path("account").path("email").asText());
        assertEquals(person.snils(), data.path("profile").path("snils").asText());
        JsonNode declaration = data.path("declarations").path(0);
        assertEquals(1, data.path("declarations").size());
        assertEquals(person.lastName(), declaration.path("values").path("lastName").asText());
        assertEquals("REJECTED", declaration.path("status").asText());
        assertEquals(2, declaration.path("history").size());
        assertTrue(declaration.path("history").path(1).path("comment").asText().contains(person.phone()));
        JsonNode document = declaration.path("documents").path(0);
        assertEquals("скан.pdf", document.path("name").asText());
        assertArrayEquals("%PDF-1.4 signed".getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(document.path("contentBase64").asText()));
        assertEquals(2, data.path("mails").size(), "the submission and the status mail");
        JsonNode pluginNotes = data.path("plugins").path("privacy-school").path("notes");
        assertEquals(1, pluginNotes.size(), "what the plugin keeps in its own table: " + data.path("plugins"));
        assertEquals(person.fullName(), pluginNotes.path(0).path("applicant").asText());
        assertTrue(data.path("mails").path(0).path("body").asText().contains(person.fullName()));
        for (String secret : List.of("password", "argon2", "csrf", me.id(), stranger.email(), stranger.snils(),
                stranger.lastName())) {
            assertFalse(response.body().contains(secret), "the export holds no " + secret);
        }

        HttpResponse<String> file = server.send(me.request("/office/data.json"));
        assertEquals(200, file.statusCode());
        assertEquals("attachment; filename=matricula-data.json",
                file.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals(person.snils(), JSON.readTree(file.body()).path("profile").path("snils").asText());
        String profilePage = server.send(me.request("/office/profile?lang=en")).body();
        assertTrue(profilePage.contains("id=\"your-data\"") && profilePage.contains("href=\"/office/data.json\"")
                && profilePage.contains("Erase my account"), profilePage);
        assertTrue(server.send(me.request("/office/profile?lang=ru")).body().contains("Скачать мои данные"));
    }

    @Test
    void erasingAnonymizesEverythingKeepsTheCountsAndEndsTheSession() throws Exception {
        Session me = applicant();
        Person person = Person.random(me.email());
        Person contact = Person.random("contact-" + UUID.randomUUID() + "@example.org");
        setProfile(me, person);
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET display_name = ? WHERE id = ?", person.fullName(),
                me.accountId()));
        String first = submit(me, law, person);
        notePluginKeeps(first, person);
        submit(me, history, new Person(person.lastName(), person.firstName(), person.middleName(), contact.email(),
                contact.phone(), person.snils()));
        document(first, "passport.png", "\u0089PNG scan".getBytes(StandardCharsets.UTF_8));
        changeStatus(first, "REJECTED", "Паспорт " + person.snils() + " не читается");
        // the second declaration names another address; its mail came to the account all the same
        awaitMails(me.email(), 3);
        awaitMails(contact.email(), 0);
        Session bystander = applicant();
        Person kept = Person.random(bystander.email());
        notePluginKeeps(submit(bystander, law, kept), kept);
        // a lead of the applicant's address the CRM gave up on writing (docs/crm.md) holds their data too
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO lead_inbox (source_id, lead, attempts, failure)"
                + " VALUES (0, CAST(:lead AS json), 5, 'failed')")
                .bind("lead", JsonMapper.create().writeValueAsString(Map.of("fullName", person.fullName(),
                        "email", me.email().toLowerCase(Locale.ROOT), "phone", "", "lastName", person.lastName())))
                .execute());
        List<String> countsBefore = counts();
        List<String> traces = new ArrayList<>(person.traces());
        traces.addAll(List.of(contact.email(), contact.phone(), me.email()));
        assertFalse(whereFound(person.snils()).isEmpty(), "the scan finds what is there");

        HttpResponse<String> unconfirmed = server.send(me.form("/office/erase?lang=en", "password", PASSWORD));
        assertEquals(422, unconfirmed.statusCode());
        assertTrue(unconfirmed.body().contains("id=\"error-erase\""), unconfirmed.body());
        HttpResponse<String> wrongPassword = server.send(me.form("/office/erase?lang=en", "confirm", "yes",
                "password", "not my password"));
        assertEquals(422, wrongPassword.statusCode());
        assertTrue(wrongPassword.body().contains("Wrong password"), wrongPassword.body());
        assertFalse(whereFound(person.snils()).isEmpty(), "nothing erased yet");

        HttpResponse<String> erased = server.send(me.form("/office/erase?lang=en", "confirm", "yes",
                "password", PASSWORD));
        assertEquals(200, erased.statusCode(), erased.body());
        assertTrue(erased.body().contains("Account erased"), erased.body());
        assertTrue(erased.headers().allValues("Set-Cookie").stream()
                .anyMatch(cookie -> cookie.startsWith("matricula_session=;") || cookie.contains("Max-Age=0")));

        for (String trace : traces) {
            assertEquals(List.of(), whereFound(trace), "no trace of " + trace);
        }
        assertFalse(whereFound(kept.snils()).isEmpty(), "other applicants keep their data");
        assertFalse(whereFound(kept.fullName()).isEmpty(), "also in the plugin's own table");
        assertEquals(countsBefore, counts(), "declarations per project, program, status and day");
        Map<String, Object> account = jdbi.withHandle(h -> h.createQuery(
                "SELECT email, display_name, profile::text AS profile, erased_at FROM accounts WHERE id = ?")
                .bind(0, me.accountId()).mapToMap().one());
        assertTrue(account.get("email").toString().matches("erased-[0-9a-f-]{36}@erased\\.invalid"), account.toString());
        assertEquals("", account.get("display_name"));
        assertEquals("{}", account.get("profile"));
        assertNotNull(account.get("erased_at"));
        assertEquals(List.of("{\"category\": \"other\"}"), jdbi.withHandle(h -> h.createQuery(
                "SELECT DISTINCT values::text FROM declarations WHERE account_id = ?").bind(0, me.accountId())
                .mapTo(String.class).list()));
        assertEquals(0, count("SELECT count(*) FROM declaration_documents d JOIN declarations x ON x.id = "
                + "d.declaration_id WHERE x.account_id = ?", me.accountId()));
        assertEquals(0, count("SELECT count(*) FROM sessions WHERE account_id = ?", me.accountId()));

        assertEquals(303, server.send(me.request("/office")).statusCode(), "the session is gone");
        HttpResponse<String> logIn = server.send(HttpRequest.newBuilder(server.uri("/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + me.email() + "\",\"password\":\"" + PASSWORD + "\"}")));
        assertEquals(422, logIn.statusCode(), "an erased account cannot log in");
    }

    @Test
    void erasureTakesTheLearningRecordOfAPersonFoundOnlyThroughADeclaration() throws Exception {
        Session me = applicant();
        Person person = Person.random("other-address-" + UUID.randomUUID() + "@example.org");
        String declaration = submit(me, law, person);
        UUID linked = awaitLinkedPerson(declaration);
        // A manager corrected the person's address in the CRM and told them apart from the account's
        // person: only the declaration leads to them now, and the LMS reports their learning under an
        // address the erasure is not given.
        String corrected = "corrected-" + UUID.randomUUID() + "@example.org";
        jdbi.useHandle(h -> {
            h.execute("DELETE FROM person_accounts WHERE person_id = ?", linked);
            h.execute("DELETE FROM person_contacts WHERE person_id = ? AND kind = 'EMAIL'", linked);
            h.execute("INSERT INTO person_contacts (person_id, kind, value, source) VALUES (?, 'EMAIL', ?, 'manager')",
                    linked, corrected);
            h.execute("UPDATE persons SET email = ? WHERE id = ?", corrected, linked);
            h.execute("INSERT INTO lms_clients (name, key, secret_digest) VALUES ('LMS', ?, 'digest')",
                    "lms-" + linked);
            h.execute("""
                    INSERT INTO xapi_statements (id, client_id, actor, actor_email, verb, object_id, occurred_at, body)
                    SELECT ?, id, 'mailto:' || ?, ?, 'http://adlnet.gov/expapi/verbs/completed',
                           'https://lms.example.org/c/1', now(), '{}' FROM lms_clients WHERE key = ?""",
                    UUID.randomUUID(), corrected, corrected, "lms-" + linked);
        });
        assertFalse(whereFound(corrected).isEmpty(), "the scan finds what is there");

        HttpResponse<String> erased = server.send(me.form("/office/erase?lang=en", "confirm", "yes",
                "password", PASSWORD));
        assertEquals(200, erased.statusCode(), erased.body());

        assertEquals(List.of(), whereFound(corrected), "the person and their learning record are gone");
        assertEquals(0, count("SELECT count(*) FROM persons WHERE id = ?", linked));
    }

    @Test
    void anAdminErasesOnRequestAndNobodyElseCan() throws Exception {
        Session applicant = applicant();
        Person person = Person.random(applicant.email());
        submit(applicant, law, person);
        Session someoneElse = applicant();
        String route = "/api/v1/admin/users/" + applicant.accountId() + "/erase";
        assertEquals(403, server.send(someoneElse.json(route).POST(HttpRequest.BodyPublishers.noBody())).statusCode());

        Session admin = TestSessions.admin(server);
        HttpResponse<String> erased = server.send(admin.json(route).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(1, JSON.readTree(erased.body()).path("declarations").asInt());
        assertEquals(List.of(), whereFound(person.snils()));
        assertEquals(401, server.send(applicant.request("/api/me")).statusCode(), "logged out");
        assertEquals(409, server.send(admin.json(route).POST(HttpRequest.BodyPublishers.noBody())).statusCode(),
                "already erased");
        assertEquals(409, server.send(admin.json("/api/v1/admin/users/" + admin.accountId() + "/erase")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "not one's own account");
        assertEquals(404, server.send(admin.json("/api/v1/admin/users/" + UUID.randomUUID() + "/erase")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());

        withPassword(admin);
        HttpResponse<String> ownAdmin = server.send(admin.json("/api/me?lang=en")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")));
        assertEquals(409, ownAdmin.statusCode());
        assertTrue(ownAdmin.body().contains("administrator"), ownAdmin.body());
        HttpResponse<String> ownAdminPage = server.send(admin.form("/office/erase?lang=en", "confirm", "yes",
                "password", PASSWORD));
        assertEquals(409, ownAdminPage.statusCode());
        assertTrue(ownAdminPage.body().contains("ask another administrator"), ownAdminPage.body());

        Session leaving = applicant();
        assertEquals(422, server.send(leaving.json("/api/me")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"password\":\"guess\"}"))).statusCode());
        HttpResponse<String> deleted = server.send(leaving.json("/api/me")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")));
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(401, server.send(leaving.request("/api/me")).statusCode());
    }

    @Test
    void anErasureWhileAPluginKeepingPersonalDataIsDisabledIsRefusedNamingIt() throws Exception {
        Session applicant = applicant();
        Person person = Person.random(applicant.email());
        notePluginKeeps(submit(applicant, law, person), person);
        Session admin = TestSessions.admin(server);
        String route = "/api/v1/admin/users/" + applicant.accountId() + "/erase?lang=en";

        server.platform().plugins().disable("privacy-school");
        try {
            HttpResponse<String> refused = server.send(admin.json(route).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("privacy-school") && refused.body().contains("disabled"), refused.body());
            assertTrue(whereFound(person.snils()).size() > 0, "nothing of the account is erased");
            assertEquals(200, server.send(applicant.request("/api/me")).statusCode(), "still logged in");

            JsonNode download = JSON.readTree(server.send(applicant.request("/api/me/data")).body());
            assertTrue(download.path("plugins").path("privacy-school").isMissingNode(), download.toString());
            assertTrue(download.path("pluginsNotIncluded").path("privacy-school").asText().contains("отключён"),
                    "the download says what it lacks, rather than look complete: " + download);
        } finally {
            server.platform().plugins().enable("privacy-school");
        }
        JsonNode complete = JSON.readTree(server.send(applicant.request("/api/me/data")).body());
        assertTrue(complete.path("pluginsNotIncluded").isMissingNode(), complete.toString());

        HttpResponse<String> erased = server.send(admin.json(route).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(List.of(), whereFound(person.fullName()), "the plugin's table too, once it is enabled");
    }

    @Test
    void anErasureWhileAPluginKeepingPersonalDataFailedToStartOrWasRemovedWithItsSchemaIsRefusedNamingIt()
            throws Exception {
        String diary = "privacy-diary";
        PluginJar jar = PluginJar.plugin(diary, "1.0.0").pluginClass(FixturePlugin.class).extension(PersonalNotes.class)
                .resource("db/migration/" + diary + "/V1__notes.sql", "CREATE TABLE notes (number text, applicant text);");
        jar.writeTo(server.pluginsDir(), diary + ".jar");
        server.awaitStarted(diary);
        Session applicant = applicant();
        Person person = Person.random(applicant.email());
        notePluginKeeps(diary, submit(applicant, law, person), person);
        Session admin = TestSessions.admin(server);
        String route = "/api/v1/admin/users/" + applicant.accountId() + "/erase?lang=en";

        // its migration history no longer matches its file, so it fails to start again
        String history = "\"" + diary + "\".flyway_schema_history";
        jdbi.useHandle(h -> h.execute("UPDATE " + history + " SET checksum = checksum + 1 WHERE version = '1'"));
        try {
            assertEquals("FAILED", server.platform().plugins().reload(diary).state());
            HttpResponse<String> refused = server.send(admin.json(route).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("the plugin " + diary + " keeps personal data and failed to start"),
                    refused.body());
            assertTrue(whereFound(person.snils()).size() > 0, "nothing of the account is erased");
        } finally {
            jdbi.useHandle(h -> h.execute("UPDATE " + history + " SET checksum = checksum - 1 WHERE version = '1'"));
            assertEquals("STARTED", server.platform().plugins().reload(diary).state());
        }

        // removed, its schema and the data in it stay
        server.platform().plugins().remove(diary);
        try {
            HttpResponse<String> refused = server.send(admin.json(route).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("the plugin " + diary + " was removed"), refused.body());
            assertEquals(200, server.send(applicant.request("/api/me")).statusCode(), "still logged in");
        } finally {
            jar.writeTo(server.pluginsDir(), diary + ".jar");
            server.awaitStarted(diary);
        }

        HttpResponse<String> erased = server.send(admin.json(route).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, erased.statusCode(), erased.body());
        assertEquals(List.of(), whereFound(person.fullName()), "the plugin's table too, once it serves again");
    }

    @Test
    void retentionAnonymizesOnlyOldClosedDeclarationsAndOnlyOnce() throws InterruptedException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(Duration.ofDays(40));
        UUID oldWithdrawn = closed("WITHDRAWN", old);
        UUID oldRejected = closed("REJECTED", old);
        UUID oldEnrolled = closed("ENROLLED", old);
        UUID recentWithdrawn = closed("WITHDRAWN", now.minus(Duration.ofDays(5)));
        String oldName = name(oldRejected);
        document(oldRejected.toString(), "scan.pdf", "%PDF-1.4".getBytes(StandardCharsets.UTF_8));
        jdbi.useHandle(h -> h.execute("INSERT INTO mail_log (recipient, subject, body, delivery) "
                + "VALUES ('dean@example.org', 'Digest', ?, 'KEPT')", "New: " + oldName + ", and others"));
        Retention retention = new Retention(jdbi, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));

        assertEquals(2, anonymizedWithin(retention, 2, Duration.ofSeconds(10)));
        for (UUID anonymized : List.of(oldWithdrawn, oldRejected)) {
            Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("""
                    SELECT values::text AS values, full_name, email, anonymized_at FROM declarations WHERE id = ?""")
                    .bind(0, anonymized).mapToMap().one());
            assertEquals("{\"category\": \"other\"}", row.get("values"), row.toString());
            assertEquals("", row.get("full_name"));
            assertEquals("", row.get("email"));
            assertNotNull(row.get("anonymized_at"));
        }
        for (UUID untouched : List.of(oldEnrolled, recentWithdrawn)) {
            assertFalse(name(untouched).isEmpty(), "kept: " + untouched);
        }
        assertEquals(0, count("SELECT count(*) FROM declaration_documents WHERE declaration_id = ?", oldRejected));
        assertEquals(List.of(), whereFound(oldName));
        assertEquals(0, retention.run(), "nothing is anonymized twice");
        retention.close();
    }

    @Test
    void nodesRunningRetentionAtOnceAnonymizeEachDeclarationOnce() throws Exception {
        Instant now = Instant.now();
        UUID account = TestSessions.applicant(jdbi).accountId();
        List<UUID> ids = jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status, values,
                                          full_name, email, updated_at)
                SELECT 'R-' || nextval('declaration_numbers'), :account, :project, :program, 'privacy-school',
                       'WITHDRAWN', jsonb_build_object('category', 'other', 'lastName', 'Много'), 'Много ' || g,
                       'many-' || g || '@example.org', :old
                FROM generate_series(1, 450) g RETURNING id""")
                .bind("account", account).bind("project", project.id()).bind("program", law.id())
                .bind("old", now.minus(Duration.ofDays(100))).mapTo(UUID.class).list());
        Retention retention = new Retention(jdbi, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> runs = List.of(retention::run, retention::run, retention::run, retention::run);
        int anonymized = 0;
        for (Future<Integer> run : nodes.invokeAll(runs)) {
            anonymized += run.get();
        }
        nodes.shutdown();
        retention.close();
        assertEquals(ids.size(), anonymized, "each declaration counted by exactly one run");
        assertEquals(0, count("SELECT count(*) FROM declarations WHERE account_id = ? AND anonymized_at IS NULL",
                account));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static Session applicant() {
        Session session = TestSessions.applicant(server);
        withPassword(session);
        return session;
    }

    private static void withPassword(Session session) {
        String hash = new PasswordHasher().hash(PASSWORD);
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET password_hash = ? WHERE id = ?", hash, session.accountId()));
    }

    private static void setProfile(Session session, Person person) throws Exception {
        String profile = JSON.writeValueAsString(Map.of("lastName", person.lastName(), "firstName",
                person.firstName(), "phone", person.phone(), "snils", person.snils()));
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET profile = CAST(? AS jsonb) WHERE id = ?", profile,
                session.accountId()));
    }

    private static String submit(Session session, Program program, Person person) throws Exception {
        String body = JSON.writeValueAsString(Map.of("project", "rights", "program", program.code(),
                "values", person.values()));
        HttpResponse<String> created = server.send(session.json("/api/me/declarations")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("id").asText();
    }

    private static void changeStatus(String id, String status, String comment) throws Exception {
        Session admin = TestSessions.admin(server);
        HttpResponse<String> changed = server.send(admin.json("/api/v1/admin/declarations/" + id + "/status")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("status", status, "comment", comment)))));
        assertEquals(200, changed.statusCode(), changed.body());
    }

    private static void document(String declarationId, String name, byte[] content) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO declaration_documents (declaration_id, media_type, original_name, size_bytes, content)
                VALUES (CAST(:declaration AS uuid), 'application/pdf', :name, :size, :content)""")
                .bind("declaration", declarationId).bind("name", name).bind("size", content.length)
                .bind("content", content).execute());
    }

    /** A closed declaration of a fresh applicant, last changed at the time given. */
    private static UUID closed(String status, Instant changedAt) {
        UUID id = TestDeclarations.insert(jdbi, project.id(), law.id(), status,
                changedAt.minus(Duration.ofDays(3)).atOffset(ZoneOffset.UTC));
        Person person = Person.random("closed-" + id + "@example.org");
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE declarations SET values = CAST(:values AS jsonb), full_name = :name, email = :email,
                                        category = 'other', updated_at = :at WHERE id = :id""")
                .bind("values", json(person.values())).bind("name", person.fullName()).bind("email", person.email())
                .bind("at", changedAt).bind("id", id).execute());
        jdbi.useHandle(h -> h.execute("INSERT INTO declaration_history (declaration_id, from_status, to_status, comment) "
                + "VALUES (?, 'SUBMITTED', ?, ?)", id, status, "Звонили " + person.phone()));
        return id;
    }

    /**
     * Runs retention until it has done the expected number: the CRM's feed holds a share lock on a
     * declaration while it reads its new history, and retention skips locked declarations until
     * its next round rather than wait.
     */
    private static int anonymizedWithin(Retention retention, int expected, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int total = retention.run();
        while (total < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            total += retention.run();
        }
        return total;
    }

    private static String name(UUID declaration) {
        return jdbi.withHandle(h -> h.createQuery("SELECT full_name FROM declarations WHERE id = ?")
                .bind(0, declaration).mapTo(String.class).one());
    }

    /** The CRM person the feed linked the declaration to, once it has. */
    private static UUID awaitLinkedPerson(String declarationId) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<UUID> person = jdbi.withHandle(h -> h.createQuery(
                    "SELECT person_id FROM person_declarations WHERE declaration_id = CAST(? AS uuid)")
                    .bind(0, declarationId).mapTo(UUID.class).list());
            if (!person.isEmpty()) {
                return person.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the CRM never linked declaration " + declarationId);
    }

    private static void awaitMails(String recipient, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count("SELECT count(*) FROM mail_log WHERE recipient = ?", recipient) < expected
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, count("SELECT count(*) FROM mail_log WHERE recipient = ?", recipient));
    }

    /** Declarations per project, program, status and day of submission: what statistics count. */
    private static List<String> counts() {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT project_id || '/' || program_id || '/' || status || '/' || submitted_at::date || ': ' || count(*)
                FROM declarations GROUP BY project_id, program_id, status, submitted_at::date ORDER BY 1""")
                .mapTo(String.class).list());
    }

    /** The applicant's name in the fixture plugin's own table, by declaration number, as a plugin would keep it. */
    private static void notePluginKeeps(String declarationId, Person person) {
        notePluginKeeps("privacy-school", declarationId, person);
    }

    private static void notePluginKeeps(String pluginId, String declarationId, Person person) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO \"" + pluginId + "\".notes (number, applicant)"
                + " SELECT number, :applicant FROM declarations WHERE id = CAST(:id AS uuid)")
                .bind("applicant", person.fullName()).bind("id", declarationId).execute());
    }

    /** Every text or JSON column, in every table of every schema, that holds the value (case ignored). */
    private static List<String> whereFound(String value) {
        List<String[]> columns = jdbi.withHandle(h -> h.createQuery("""
                SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
                  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')""")
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list());
        List<String> found = new ArrayList<>();
        for (String[] column : columns) {
            String sql = "SELECT count(*) FROM " + quoted(column[0]) + "." + quoted(column[1]) + " WHERE strpos(lower("
                    + quoted(column[2]) + "::text), lower(?)) > 0";
            if (jdbi.withHandle(h -> h.createQuery(sql).bind(0, value).mapTo(Integer.class).one()) > 0) {
                found.add(String.join(".", column));
            }
        }
        return found;
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static int count(String sql, Object argument) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind(0, argument).mapTo(Integer.class).one());
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String letters() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append((char) ('а' + RANDOM.nextInt(32)));
        }
        return suffix.toString();
    }

    private static String randomPhone() {
        return String.format("+7 9%02d %03d-%02d-%02d", RANDOM.nextInt(100), RANDOM.nextInt(1000), RANDOM.nextInt(100),
                RANDOM.nextInt(100));
    }

    /** A valid SNILS with a random number and its check number. */
    private static String randomSnils() {
        int[] digits = new int[9];
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            digits[i] = i == 0 ? 1 + RANDOM.nextInt(9) : RANDOM.nextInt(10);
            sum += digits[i] * (9 - i);
        }
        int control = sum < 100 ? sum : sum % 101 == 100 ? 0 : sum % 101;
        return String.format("%d%d%d-%d%d%d-%d%d%d %02d", digits[0], digits[1], digits[2], digits[3], digits[4],
                digits[5], digits[6], digits[7], digits[8], control);
    }
}
