package org.matricula.platform.crm.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The import of persons from CSV end to end, through its pages: a Windows-1251 file with
 * semicolons, the columns guessed, the dry run writing nothing, the background import with its
 * progress, duplicates matched within the file, against known persons and across imports, the
 * undo keeping a person touched since, and 5,000 rows.
 */
class PersonImportIT {

    private static final Charset CP1251 = Charset.forName("windows-1251");
    // Cyrillic headers as Excel in Russia writes them: last name, first name, phone, email,
    // birth date, organization, role, tags, consent; written with escapes so the sources stay ASCII.
    private static final String RU_HEADER = "\u0424\u0430\u043c\u0438\u043b\u0438\u044f;\u0418\u043c\u044f;"
            + "\u0422\u0435\u043b\u0435\u0444\u043e\u043d;Email;\u0414\u0430\u0442\u0430 \u0440\u043e\u0436\u0434"
            + "\u0435\u043d\u0438\u044f;\u041e\u0440\u0433\u0430\u043d\u0438\u0437\u0430\u0446\u0438\u044f;"
            + "\u0420\u043e\u043b\u044c;\u0422\u0435\u0433\u0438;\u0421\u043e\u0433\u043b\u0430\u0441\u0438\u0435";
    private static final String PETROVA = "\u041f\u0435\u0442\u0440\u043e\u0432\u0430";
    private static final String STUDENT_RU = "\u0441\u0442\u0443\u0434\u0435\u043d\u0442";
    private static final String YES_RU = "\u0434\u0430";

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
    }

    @Test
    void aWindows1251FileIsCheckedThenImportedWithDuplicatesMatchedAndNeverDoubled() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // a person known before: the file gives her phone written otherwise and a new email
        Persons persons = new Persons(jdbi);
        UUID known = jdbi.inTransaction(handle -> persons.resolve(handle, new Persons.Record("Known", "Person", "",
                null, List.of(), List.of("+7912" + digits(tag, 7)), "test"), java.util.Optional.empty()).id());
        String org = "Acme " + tag;
        String file = RU_HEADER + "\r\n"
                + PETROVA + ";Anna;;anna-" + tag + "@example.org;08.03.1995;" + org + ";" + STUDENT_RU + ";vip;"
                + YES_RU + "\r\n"
                + "Ivanov;Ivan;;IVAN-" + tag + "@Example.org;1990-01-02;" + org + ";employee;;\r\n"
                // the same person again, within the file: matched, not doubled
                + "Ivanov;Ivan;;ivan-" + tag + "@example.org;;;;new;\r\n"
                // the known person, by her phone written the Russian way
                + "Known;Person;8 (912) " + digits(tag, 7) + ";known-" + tag + "@example.org;;" + org + ";;;\r\n"
                // rows with problems: skipped with their reasons
                + "Bad;Row;12;not-an-email;31.02.1990;;;;\r\n"
                + "No;Contact;;;;;;;\r\n";
        // persons holding an address of this file (others may be made meanwhile by the platform's feed)
        String holders = "SELECT count(DISTINCT person_id) FROM person_contacts WHERE value LIKE '%" + tag + "%'";

        HttpResponse<String> uploaded = server.send(upload("people-" + tag + ".csv", file.getBytes(CP1251)));
        assertEquals(303, uploaded.statusCode(), uploaded.body());
        String page = uploaded.headers().firstValue("Location").map(location -> java.net.URI.create(location).getPath()).orElseThrow();
        long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
        HttpResponse<String> mapping = server.send(admin.request(page + "?lang=en"));
        assertEquals(200, mapping.statusCode());
        assertTrue(mapping.body().contains("windows-1251") && mapping.body().contains("semicolon"), mapping.body());
        for (String[] guessed : new String[][] {{"0", "lastName"}, {"1", "firstName"}, {"2", "phone"}, {"3", "email"},
                {"4", "birthDate"}, {"5", "organization"}, {"6", "role"}, {"7", "tags"}, {"8", "consent"}}) {
            assertEquals(guessed[1], selected(mapping.body(), "col" + guessed[0]), "column " + guessed[0]);
        }

        // the dry run lists each row's problems and writes nothing
        HttpResponse<String> checked = server.send(admin.form(page + "/check?lang=en", "col0", "lastName",
                "col1", "firstName", "col2", "phone", "col3", "email", "col4", "birthDate", "col5", "organization",
                "col6", "role", "col7", "tags", "col8", "consent"));
        assertEquals(200, checked.statusCode(), checked.body());
        String dry = checked.body();
        assertTrue(dry.contains("Rows: 6. Ready: 4. With problems (will be skipped): 2."), dry);
        assertTrue(dry.contains("<td>6</td><td>Phone: not a phone number") && dry.contains("Email: not an email address")
                && dry.contains("Birth date: not a date"), dry);
        assertTrue(dry.contains("<td>7</td><td>neither an email nor a phone"), dry);
        assertEquals(0, count(holders), "a dry run writes nothing");

        // the import runs in the background; its progress is a fragment htmx polls
        assertEquals(303, server.send(admin.form(page + "/start?lang=en")).statusCode());
        awaitDone(id);
        String progress = server.send(admin.request(page + "/progress?lang=en")).body();
        assertFalse(progress.contains("hx-trigger"), "a finished import is polled no more: " + progress);
        assertTrue(progress.contains("<progress id=\"import-bar\" max=\"100\" value=\"100\""), progress);
        String summary = server.send(admin.request(page + "?lang=en")).body();
        assertTrue(summary.contains("<dd id=\"summary-created\">2</dd>"), summary);
        assertTrue(summary.contains("<dd id=\"summary-matched\">2</dd>"), summary);
        assertTrue(summary.contains("<dd id=\"summary-skipped\">2</dd>"), summary);
        assertTrue(summary.contains("<td>6</td><td>Phone: not a phone number"), summary);

        assertEquals(3, count(holders), "Anna and Ivan made, the known person given her email");
        assertEquals(2, count("SELECT created FROM crm_imports WHERE id = " + id));
        UUID anna = person("anna-" + tag + "@example.org");
        UUID ivan = person("ivan-" + tag + "@example.org");
        assertEquals(known, person("known-" + tag + "@example.org"), "the known person got the new email");
        assertEquals("1995-03-08", jdbi.withHandle(handle -> handle.createQuery(
                "SELECT birth_date::text FROM persons WHERE id = :id").bind("id", anna).mapTo(String.class).one()));
        assertEquals(List.of("STUDENT"), roles(anna, org));
        assertEquals(List.of("EMPLOYEE"), roles(ivan, org));
        assertEquals(List.of("CONTACT"), roles(known, org));
        assertEquals(List.of("new"), tags(ivan));
        assertEquals(1, count("SELECT count(*) FROM person_consents WHERE person_id = '" + anna
                + "' AND purpose = 'PROCESSING' AND granted"));

        // the same file imported again: every person matched, none made
        HttpResponse<String> again = server.send(upload("people-" + tag + ".csv", file.getBytes(CP1251)));
        String againPage = again.headers().firstValue("Location").map(location -> java.net.URI.create(location).getPath()).orElseThrow();
        long againId = Long.parseLong(againPage.substring(againPage.lastIndexOf('/') + 1));
        server.send(admin.form(againPage + "/check?lang=en", "col0", "lastName", "col1", "firstName", "col2", "phone",
                "col3", "email", "col4", "birthDate", "col5", "organization", "col6", "role", "col7", "tags",
                "col8", "consent"));
        server.send(admin.form(againPage + "/start?lang=en"));
        awaitDone(againId);
        assertEquals(3, count(holders), "the second import doubles nobody");
        assertEquals(4, count("SELECT matched FROM crm_imports WHERE id = " + againId));
        assertEquals(0, count("SELECT created FROM crm_imports WHERE id = " + againId));
        assertEquals(1, count("SELECT count(*) FROM organizations WHERE name = '" + org + "'"));
    }

    @Test
    void anUndoRemovesWhatTheImportAddedAndKeepsAPersonTouchedSince() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Persons persons = new Persons(jdbi);
        UUID known = jdbi.inTransaction(handle -> persons.resolve(handle, new Persons.Record("Known", "", "", null,
                List.of("known-" + tag + "@example.org"), List.of(), "test"), java.util.Optional.empty()).id());
        String org = "Undo Ltd " + tag;
        String file = "Last name,First name,Email,Phone,Organization,Role,Tags\n"
                + "One,A,one-" + tag + "@example.org,,\"" + org + "\",student,t1\n"
                + "Two,B,two-" + tag + "@example.org,,,,t2\n"
                + "Known,,known-" + tag + "@example.org,+7 912 " + digits(tag, 7) + ",\"" + org + "\",contact,t3\n";
        long id = importThrough(file, "undo-" + tag + ".csv", "lastName", "firstName", "email", "phone", "organization",
                "role", "tags");
        UUID one = person("one-" + tag + "@example.org");
        UUID two = person("two-" + tag + "@example.org");
        // a manager changes the second person after the import: the undo keeps her
        Thread.sleep(20);
        persons.change(two, new Persons.Changes(null, "Bea", null, null, null, null, null, null), Locale.ENGLISH);

        HttpResponse<String> confirm = server.send(admin.request("/admin/crm/imports/" + id + "/undo?lang=en"));
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains("Persons made: 2") && confirm.body().contains("Organizations made: 1"),
                confirm.body());
        assertEquals(one, person("one-" + tag + "@example.org"), "the confirmation step changes nothing");
        assertEquals(303, server.send(admin.form("/admin/crm/imports/" + id + "/undo?lang=en")).statusCode());

        assertEquals(0, count("SELECT count(*) FROM persons WHERE id = '" + one + "'"), "the untouched person goes");
        assertEquals(1, count("SELECT count(*) FROM persons WHERE id = '" + two + "'"), "the touched person stays");
        String summary = server.send(admin.request("/admin/crm/imports/" + id + "?lang=en")).body();
        assertTrue(summary.contains("Kept persons") && summary.contains("/admin/persons/" + two), summary);
        assertFalse(summary.contains("id=\"import-undo\""), "an undone import is not undone again: " + summary);
        // the known person loses what the import added, and keeps what she had
        assertEquals(List.of(), tags(known));
        assertEquals(0, count("SELECT count(*) FROM person_contacts WHERE person_id = '" + known + "' AND kind = 'PHONE'"));
        assertEquals(1, count("SELECT count(*) FROM person_contacts WHERE person_id = '" + known + "' AND kind = 'EMAIL'"));
        assertEquals(0, count("SELECT count(*) FROM organization_members WHERE person_id = '" + known + "'"));
        assertEquals(0, count("SELECT count(*) FROM organizations WHERE name = '" + org + "'"),
                "the organization it made, left without members, goes");
        assertEquals("", jdbi.withHandle(handle -> handle.createQuery("SELECT phone FROM persons WHERE id = :id")
                .bind("id", known).mapTo(String.class).one()));
        assertEquals(409, server.send(admin.form("/admin/crm/imports/" + id + "/undo?lang=en")).statusCode());
    }

    @Test
    void fiveThousandRowsAreStreamedInChunksAndDuplicatesInsideTheFileMatched() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        StringBuilder csv = new StringBuilder("email;last name;first name;tags\r\n");
        for (int i = 0; i < 5000; i++) {
            // every tenth row repeats an earlier person's address in upper case
            int person = i % 10 == 9 ? i - 5 : i;
            csv.append((i % 10 == 9 ? "P" : "p") + person + "-" + tag + "@example.org;Row" + i + ";N;bulk\r\n");
        }
        file.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> uploaded = server.send(upload("bulk-" + tag + ".csv", file.toByteArray()));
        assertEquals(303, uploaded.statusCode(), uploaded.body());
        String page = uploaded.headers().firstValue("Location").map(location -> java.net.URI.create(location).getPath()).orElseThrow();
        long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
        assertEquals("UTF-8", jdbi.withHandle(handle -> handle.createQuery("SELECT charset FROM crm_imports WHERE id = :id")
                .bind("id", id).mapTo(String.class).one()));
        HttpResponse<String> checked = server.send(admin.form(page + "/check?lang=en", "col0", "email",
                "col1", "lastName", "col2", "firstName", "col3", "tags"));
        assertTrue(checked.body().contains("Rows: 5000. Ready: 5000."), checked.body());
        server.send(admin.form(page + "/start?lang=en"));
        // while it runs, the page shows the bar polled by htmx and a plain refresh link
        String running = server.send(admin.request(page + "?lang=en")).body();
        assertTrue(running.contains("<progress id=\"import-bar\""), running);
        awaitDone(id);
        assertEquals(4500, count("SELECT count(DISTINCT person_id) FROM person_contacts WHERE value LIKE '%-" + tag
                + "@example.org'"), "one person per address, the repeated ones matched");
        assertEquals(4500, count("SELECT created FROM crm_imports WHERE id = " + id));
        assertEquals(500, count("SELECT matched FROM crm_imports WHERE id = " + id));
        assertEquals(5000, count("SELECT done_rows FROM crm_imports WHERE id = " + id));
        assertEquals(0, count("SELECT count(*) FROM crm_imports WHERE id = " + id + " AND content IS NOT NULL"),
                "the file is not kept once imported");
    }

    @Test
    void badFilesAndMappingsAreAnswered422AndOthersMayNotImport() throws Exception {
        HttpResponse<String> empty = server.send(upload("empty.csv", new byte[0]));
        assertEquals(422, empty.statusCode());
        assertTrue(empty.body().contains("error-summary"), empty.body());
        HttpResponse<String> note = server.send(upload("notes.txt", "just text".getBytes(StandardCharsets.UTF_8)));
        assertEquals(422, note.statusCode(), "a line with nothing under it is no table of persons");
        HttpResponse<String> uploaded = server.send(upload("names.csv", "Comment,Other\nx,y\n"
                .getBytes(StandardCharsets.UTF_8)));
        String page = uploaded.headers().firstValue("Location").map(location -> java.net.URI.create(location).getPath()).orElseThrow();
        HttpResponse<String> noContact = server.send(admin.form(page + "/check?lang=en", "col0", "lastName"));
        assertEquals(422, noContact.statusCode());
        assertTrue(noContact.body().contains("Map at least one column to Email or Phone"), noContact.body());
        HttpResponse<String> unknown = server.send(admin.form(page + "/check?lang=en", "col0", "email", "col1", "salary"));
        assertEquals(422, unknown.statusCode());
        HttpResponse<String> twice = server.send(admin.form(page + "/check?lang=en", "col0", "email", "col1", "email"));
        assertEquals(200, twice.statusCode(), "several columns may give emails");
        HttpResponse<String> lastTwice = server.send(admin.form(page + "/check?lang=en", "col0", "lastName",
                "col1", "lastName"));
        assertEquals(422, lastTwice.statusCode());

        Session applicant = TestSessions.applicant(server);
        assertEquals(403, server.send(applicant.request("/admin/crm/imports")).statusCode());
        Session manager = TestSessions.open(server, "CRM_MANAGER");
        assertEquals(200, server.send(manager.request("/admin/crm/imports")).statusCode());
    }

    @Test
    void aRowWithANulCharacterIsCheckedAsAProblemAndNeverHoldsUpTheImportsAfterIt() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String file = "email,lastName\nx\0" + tag + "@y.org,ab\0c\nok-" + tag + "@example.org,Fine\n";
        HttpResponse<String> uploaded = server.send(upload("nul-" + tag + ".csv", file.getBytes(StandardCharsets.UTF_8)));
        assertEquals(303, uploaded.statusCode(), uploaded.body());
        String page = uploaded.headers().firstValue("Location").map(location -> java.net.URI.create(location).getPath()).orElseThrow();
        long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
        HttpResponse<String> checked = server.send(admin.form(page + "/check?lang=en", "col0", "email",
                "col1", "lastName"));
        assertEquals(200, checked.statusCode(), checked.body());
        assertTrue(checked.body().contains("Rows: 2. Ready: 1. With problems (will be skipped): 1."), checked.body());
        assertTrue(checked.body().contains("<td>2</td><td>Email: holds a control character")
                && checked.body().contains("Last name: holds a control character"), checked.body());
        assertEquals(303, server.send(admin.form(page + "/start?lang=en")).statusCode());
        long next = importThrough("email,lastName\nnext-" + tag + "@example.org,Next\n", "next-" + tag + ".csv",
                "email", "lastName");
        awaitState(id, "DONE");
        assertEquals(1, count("SELECT skipped FROM crm_imports WHERE id = " + id));
        assertEquals(1, count("SELECT created FROM crm_imports WHERE id = " + id));
        assertEquals(1, count("SELECT created FROM crm_imports WHERE id = " + next));
        String summary = server.send(admin.request(page + "?lang=en")).body();
        assertTrue(summary.contains("<td>2</td><td>Email: holds a control character"), summary);
    }

    @Test
    void anImportWhoseRowsTheDatabaseRefusesIsMarkedFailedWithItsReasonAndTheNextOneGoesOn() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // a row the check passes and the database refuses (a rule of the database's own, standing in for
        // any such rule): its chunk fails on every try
        String refused = "Refused" + tag;
        String file = "email,lastName\nfar-" + tag + "@example.org," + refused + "\n";
        HttpResponse<String> uploaded = server.send(upload("far-" + tag + ".csv", file.getBytes(StandardCharsets.UTF_8)));
        String page = uploaded.headers().firstValue("Location").map(location -> java.net.URI.create(location).getPath()).orElseThrow();
        long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
        assertEquals(200, server.send(admin.form(page + "/check?lang=en", "col0", "email", "col1", "lastName"))
                .statusCode());
        jdbi.useHandle(handle -> handle.execute("ALTER TABLE persons ADD CONSTRAINT refuse_" + tag
                + " CHECK (last_name <> '" + refused + "') NOT VALID"));
        long next;
        try {
            assertEquals(303, server.send(admin.form(page + "/start?lang=en")).statusCode());
            next = importThrough("email,lastName\nafter-" + tag + "@example.org,After\n", "after-" + tag + ".csv",
                    "email", "lastName");
            awaitState(id, "FAILED");
        } finally {
            jdbi.useHandle(handle -> handle.execute("ALTER TABLE persons DROP CONSTRAINT refuse_" + tag));
        }
        assertEquals(1, count("SELECT created FROM crm_imports WHERE id = " + next), "the import after it went on");
        assertEquals(0, count("SELECT count(*) FROM person_contacts WHERE value = 'far-" + tag + "@example.org'"),
                "the failed chunk wrote nothing");

        String english = server.send(admin.request(page + "?lang=en")).body();
        assertTrue(english.contains("<span id=\"import-state\">Failed</span>"), english);
        assertTrue(english.contains("id=\"import-failed\"") && english.contains("Technical reason")
                && english.contains("PSQLException"), english);
        assertFalse(english.contains("hx-trigger"), "a failed import is polled no more: " + english);
        String russian = server.send(admin.request(page + "?lang=ru")).body();
        assertTrue(russian.contains("<span id=\"import-state\">\u041f\u0440\u0435\u0440\u0432\u0430\u043b\u0441\u044f")
                && russian.contains("\u0422\u0435\u0445\u043d\u0438\u0447\u0435\u0441\u043a\u0430\u044f"
                + " \u043f\u0440\u0438\u0447\u0438\u043d\u0430"), russian);
        String list = server.send(admin.request("/admin/crm/imports?lang=en")).body();
        assertTrue(list.contains("<td>Failed</td>"), list);
    }

    @Test
    void anImportFailingOnEveryTryIsMarkedFailedAfterItsAttempts() throws Exception {
        // a queued import whose file is gone: nothing in its rows, but no try can ever take them
        long id = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO crm_imports (file_name, content, charset, delimiter, headers, mapping, state)
                VALUES ('gone.csv', NULL, 'UTF-8', ',', '{email}', '{email}', 'QUEUED') RETURNING id""")
                .mapTo(Long.class).one());
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long next = importThrough("email\nbehind-" + tag + "@example.org\n", "behind-" + tag + ".csv", "email");
        assertEquals("FAILED", state(id));
        assertEquals(1, count("SELECT created FROM crm_imports WHERE id = " + next));
        assertEquals(PersonImports.ATTEMPTS, count("SELECT failures FROM crm_imports WHERE id = " + id));
    }

    private static long importThrough(String file, String name, String... columns) throws Exception {
        HttpResponse<String> uploaded = server.send(upload(name, file.getBytes(StandardCharsets.UTF_8)));
        assertEquals(303, uploaded.statusCode(), uploaded.body());
        String page = uploaded.headers().firstValue("Location").map(location -> java.net.URI.create(location).getPath()).orElseThrow();
        long id = Long.parseLong(page.substring(page.lastIndexOf('/') + 1));
        String[] form = new String[columns.length * 2];
        for (int i = 0; i < columns.length; i++) {
            form[2 * i] = "col" + i;
            form[2 * i + 1] = columns[i];
        }
        assertEquals(200, server.send(admin.form(page + "/check?lang=en", form)).statusCode());
        assertEquals(303, server.send(admin.form(page + "/start?lang=en")).statusCode());
        awaitDone(id);
        return id;
    }

    private static void awaitDone(long id) throws InterruptedException {
        awaitState(id, "DONE");
    }

    private static void awaitState(long id, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 400_000_000_000L;
        while (System.nanoTime() < deadline) {
            String state = state(id);
            if (state.equals(expected)) {
                return;
            }
            if (state.equals("FAILED") || state.equals("DONE")) {
                throw new AssertionError("import " + id + " ended " + state + ", not " + expected);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("import " + id + " did not end " + expected);
    }

    private static String state(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT state FROM crm_imports WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private static HttpRequest.Builder upload(String name, byte[] content) {
        String boundary = "----matricula-import-test";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + admin.csrf()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return admin.request("/admin/crm/imports?lang=en")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private static String selected(String html, String select) {
        Matcher matcher = Pattern.compile("<select id=\"" + select + "\"[^>]*>(.*?)</select>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(matcher.find(), select);
        Matcher option = Pattern.compile("<option value=\"([^\"]*)\" selected>").matcher(matcher.group(1));
        return option.find() ? option.group(1) : "";
    }

    private static String digits(String tag, int length) {
        String numbers = String.valueOf(Math.abs((long) tag.hashCode()) % 10_000_000L);
        return "0".repeat(length - numbers.length()) + numbers;
    }

    private static int count(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    private static UUID person(String email) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT person_id FROM person_contacts WHERE kind = 'EMAIL' AND value = :email")
                .bind("email", email).mapTo(UUID.class).one());
    }

    private static List<String> roles(UUID person, String organization) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT m.role FROM organization_members m JOIN organizations o ON o.id = m.organization_id
                WHERE m.person_id = :person AND o.name = :org ORDER BY m.role""")
                .bind("person", person).bind("org", organization).mapTo(String.class).list());
    }

    private static List<String> tags(UUID person) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT unnest(tags) FROM persons WHERE id = :id")
                .bind("id", person).mapTo(String.class).list());
    }
}
