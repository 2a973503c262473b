package org.matricula.platform.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.platform.web.SecretTokens;
import org.matricula.platform.testing.RunningPlatform;

/**
 * The registrations and users lists over HTTP and real PostgreSQL, on a few hundred declarations
 * seeded with SQL: paging, filters, search, sorting, columns, saved views, CSV and bad input.
 */
class AdminListsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** Rows of the "bulk" project: more than a list counts, so its totals stop at a lower bound. */
    private static final int BULK = 50_000;
    /** Project 4: cells that CSV must quote, guard or leave empty, one per declaration. */
    private static final String ODD_CELLS = """
                INSERT INTO projects (id, slug, name, family_id) VALUES (4, 'odd', 'Странные ячейки', 'courses');
                INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status, values,
                        full_name, email, category)
                    SELECT 'ODD-' || i, a.id, 4, 4, 'courses', 'REJECTED',
                        CASE WHEN i % 3 = 0 THEN '{}' ELSE jsonb_build_object('phone', cell) END, cell,
                        CASE WHEN i % 2 = 0 THEN '' ELSE cell END, CASE WHEN i % 4 = 0 THEN cell ELSE '' END
                    FROM unnest(ARRAY['say "hi"', 'a;b', 'a,b', E'two\nlines', E'two\r\nlines', '=SUM(A1)',
                            '+7 912', '-1', '@cmd', E'\tindented', '"=quoted"', 'Ёжикова; "Света"', chr(92) || '.', ' ',
                            'a=b', 'it''s']) WITH ORDINALITY AS odd (cell, i)
                    JOIN accounts a ON a.email = 'applicant' || (200 + i) || '@example.org';
            """;
    private static final String STATUSES = "ARRAY['SUBMITTED','WAITLISTED','ACCEPTED','REJECTED','ENROLLED','WITHDRAWN']";

    static AdminListsStack stack;
    static Session admin;

    record Session(UUID accountId, String cookie, String csrf) {
    }

    @BeforeAll
    static void start() throws SQLException {
        stack = new AdminListsStack(Clock.fixed(Instant.parse("2025-03-14T10:00:00Z"), ZoneOffset.UTC));
        stack.database.jdbi().useHandle(handle -> handle.createScript("""
                INSERT INTO projects (id, slug, name, family_id) VALUES
                    (1, 'evening', 'Вечерние курсы', 'courses'), (2, 'summer', 'Летняя школа', 'courses'),
                    (3, 'bulk', 'Массовый набор', 'courses');
                INSERT INTO programs (id, code, name) VALUES
                    (1, 'python', 'Python'), (2, 'design', 'Дизайн'), (3, 'math', 'Математика'), (4, 'bulk', 'Поток');
                INSERT INTO accounts (email, password_hash, display_name)
                    SELECT 'applicant' || i || '@example.org', 'unused', 'Applicant ' || i FROM generate_series(1, 300) i;
                INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status, values,
                        full_name, email, category, submitted_at)
                    SELECT '2025-' || lpad(i::text, 6, '0'), a.id, 1 + i %% 2, 1 + i %% 3, 'courses',
                        (%s)[1 + (i / 7) %% 6],
                        jsonb_build_object('email', a.email, 'phone', '+7 9' || lpad(((i * 37) %% 300)::text, 3, '0')),
                        a.display_name, a.email, (ARRAY['own_student', 'external_employee', 'other'])[1 + (i / 2) %% 3],
                        timestamptz '2025-01-01 12:00:00+00' + i * interval '1 hour'
                    FROM generate_series(1, 300) i JOIN accounts a ON a.email = 'applicant' || i || '@example.org';
                UPDATE accounts SET email = 'Svetlana.Yolkina@Example.org', display_name = 'Ёлкина Светлана'
                    WHERE email = 'applicant7@example.org';
                UPDATE declarations SET email = 'Svetlana.Yolkina@Example.org', full_name = 'Ёлкина Светлана'
                    WHERE number = '2025-000007';
                INSERT INTO accounts (email, password_hash, display_name)
                    SELECT 'bulk' || i || '@example.org', 'unused', 'Массовый ' || i FROM generate_series(1, %d) i;
                INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status, values,
                        full_name, email)
                    SELECT 'B-' || a.email, a.id, 3, 4, 'courses', 'SUBMITTED', jsonb_build_object('phone', a.email),
                        a.display_name, a.email
                    FROM accounts a WHERE a.email LIKE 'bulk%%';
                """.formatted(STATUSES, BULK)).execute());
        stack.database.jdbi().useHandle(handle -> {
            // Plain JDBC: the script runner would split these cells at their semicolons.
            try (Statement statement = handle.getConnection().createStatement()) {
                statement.execute(ODD_CELLS);
            }
        });
        admin = session("ADMIN");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void pagesCarryTheFilteredTotal() {
        JsonNode first = json("/api/v1/admin/declarations?project=1&size=70");
        long inProject = count("SELECT count(*) FROM declarations WHERE project_id = 1");
        assertEquals(150, inProject);
        assertEquals(inProject, first.get("total").asLong());
        assertEquals(70, first.get("rows").size());
        assertEquals(1, first.get("page").asInt());
        JsonNode last = json("/api/v1/admin/declarations?project=1&size=70&page=3");
        assertEquals(10, last.get("rows").size());
        JsonNode past = json("/api/v1/admin/declarations?project=1&size=70&page=4");
        assertEquals(3, past.get("page").asInt(), "a page past the end shows the last one");
        assertEquals(10, past.get("rows").size());
        assertTrue(first.get("totalExact").asBoolean());
    }

    @Test
    void totalsStopAtTheCountLimitPastTheCurrentPage() {
        long limit = ListReader.COUNT_LIMIT;
        JsonNode first = json("/api/v1/admin/declarations?project=3&size=50");
        assertEquals(limit, first.get("total").asLong(), "counted up to the limit only");
        assertFalse(first.get("totalExact").asBoolean());
        assertEquals(50, first.get("rows").size());

        JsonNode deep = json("/api/v1/admin/declarations?project=3&size=50&page=300");
        assertEquals(300 * 50, deep.get("total").asLong(), "a page past the limit counts up to its own end");
        assertFalse(deep.get("totalExact").asBoolean(), "rows follow the page");
        assertEquals(50, deep.get("rows").size());

        JsonNode last = json("/api/v1/admin/declarations?project=3&size=200&page=" + BULK / 200);
        assertEquals(BULK, last.get("total").asLong());
        assertTrue(last.get("totalExact").asBoolean(), "the last page reaches the end, so the count is exact");
        JsonNode few = json("/api/v1/admin/declarations?project=1&status=ACCEPTED");
        assertEquals(count("SELECT count(*) FROM declarations WHERE project_id = 1 AND status = 'ACCEPTED'"),
                few.get("total").asLong());
        assertTrue(few.get("totalExact").asBoolean());
    }

    @Test
    void htmlShowsACountStoppedAtTheLimitAsALowerBound() {
        String html = send(admin, HttpRequest.newBuilder(stack.uri("/admin/declarations?project=3&size=50&page=2"))
                .header("Accept", "text/html")).body();
        assertTrue(html.contains("id=\"total\">" + ListReader.COUNT_LIMIT + "+<"), html);
        assertTrue(html.contains("<span id=\"page-number\">2</span> / <span id=\"page-count\">"
                + ListReader.COUNT_LIMIT / 50 + "+</span>"), "pages known so far");
        assertTrue(html.contains("id=\"next\"") && html.contains("id=\"previous\""));
        String last = send(admin, HttpRequest.newBuilder(stack.uri("/admin/declarations?project=3&size=200&page="
                + BULK / 200)).header("Accept", "text/html")).body();
        assertTrue(last.contains("id=\"total\">" + BULK + "<") && !last.contains("id=\"next\""), "the end");
    }

    @Test
    void theCategoryFilterOffersEveryCategoryByItsNameInTheAdminsLanguage() {
        String russian = send(admin, HttpRequest.newBuilder(stack.uri("/admin/declarations?category=other"))
                .header("Accept", "text/html")).body();
        for (ApplicantCategory category : ApplicantCategory.values()) {
            assertTrue(russian.contains("value=\"" + category.code() + "\""), category.code());
        }
        assertTrue(russian.contains(">Студент университета</option>"), russian);
        String english = send(admin, HttpRequest.newBuilder(stack.uri("/admin/declarations?lang=en"))
                .header("Accept", "text/html")).body();
        assertTrue(english.contains(">Student of the university</option>"), english);
    }

    @Test
    void pagesNeitherRepeatNorSkipRowsThatTieOnTheSortColumn() {
        List<String> seen = new ArrayList<>();
        for (String dir : List.of("asc", "desc")) {
            seen.clear();
            for (int page = 1; page <= 22; page++) {
                json("/api/v1/admin/declarations?project=1&sort=category&dir=" + dir + "&size=7&page=" + page)
                        .get("rows").forEach(row -> seen.add(row.get("id").asText()));
            }
            assertEquals(150, seen.size());
            assertEquals(150, seen.stream().distinct().count(), "three categories over 150 rows: ties everywhere");
        }
    }

    @Test
    void eachFilterNarrowsTheRows() {
        assertTotal("SELECT count(*) FROM declarations WHERE program_id = 2", "program=2");
        assertTotal("SELECT count(*) FROM declarations WHERE status IN ('ACCEPTED', 'ENROLLED')",
                "status=ACCEPTED&status=ENROLLED");
        assertTotal("SELECT count(*) FROM declarations WHERE category = 'other'", "category=other");
        assertTotal("SELECT count(*) FROM declarations WHERE submitted_at >= '2025-01-05' AND submitted_at < '2025-01-07'",
                "from=2025-01-05&to=2025-01-06");
        String combined = "SELECT count(*) FROM declarations WHERE project_id = 2 AND program_id = 3 AND status = 'SUBMITTED'";
        assertTotal(combined, "project=2&program=3&status=SUBMITTED");
        assertTrue(count(combined) > 0 && count(combined) < count("SELECT count(*) FROM declarations WHERE project_id = 2"
                + " AND program_id = 3"), "filters combine");
        long days = count("SELECT count(*) FROM declarations WHERE submitted_at >= '2025-01-05' AND submitted_at < '2025-01-07'");
        assertTrue(days > 0 && days < 300, "the date filter cuts: " + days);
        for (JsonNode row : json("/api/v1/admin/declarations?status=WAITLISTED&size=200&lang=en").get("rows")) {
            assertEquals("On the waitlist", row.get("status").asText(), "a status is shown by its name, never its code");
        }
    }

    @Test
    void searchFindsNamesAndEmailsWhateverTheirCase() {
        for (String search : List.of("ЁЛКИНА", "светлана", "svetlana.YOLKINA@example", "ЛКИНА св")) {
            JsonNode found = json("/api/v1/admin/declarations?q=" + encode(search));
            assertEquals(1, found.get("total").asLong(), search);
            assertEquals("Ёлкина Светлана", found.get("rows").get(0).get("full_name").asText());
        }
        assertEquals(111, json("/api/v1/admin/declarations?q=APPLICANT1").get("total").asLong(),
                "applicant1, 10-19 and 100-199");
        assertEquals(0, json("/api/v1/admin/declarations?q=" + encode("%")).get("total").asLong(),
                "a LIKE wildcard is matched literally");
        assertEquals(0, json("/api/v1/admin/declarations?q=" + encode("Applicant_1")).get("total").asLong());
    }

    @Test
    void searchGoesThroughTrigramIndexesThatFoldCyrillicCase() {
        ListDefinition definition = stack.declarationsList.get();
        Map<String, Long> expected = Map.of("ёЛКИНА св", 1L, "SVETLANA.yolkina", 1L, "2025-00000", 9L);
        expected.forEach((search, rows) -> {
            ListQuery query = ListQuery.parse(definition, Map.of("q", List.of(search)), Locale.forLanguageTag("ru"));
            String plan = stack.database.jdbi().inTransaction(handle -> {
                handle.execute("SET LOCAL enable_seqscan = off");
                assertEquals(rows, ListSql.bind(handle.createQuery(ListSql.count(query)), query)
                        .bind("count_limit", 100).mapTo(Long.class).one(), search);
                return String.join("\n", ListSql.bind(handle.createQuery("EXPLAIN " + ListSql.count(query)), query)
                        .bind("count_limit", 100).mapTo(String.class).list());
            });
            for (String index : List.of("declarations_full_name_trgm", "declarations_email_trgm",
                    "declarations_number_trgm")) {
                assertTrue(plan.contains(index), search + " uses " + index + ":\n" + plan);
            }
        });
        assertEquals(9, json("/api/v1/admin/declarations?q=2025-00000").get("total").asLong(), "numbers are searched too");
    }

    @Test
    void sortsByAFormFieldColumnAndShowsOnlyTheChosenColumns() {
        JsonNode page = json("/api/v1/admin/declarations?columns=number,field.phone&sort=field.phone&dir=asc&size=200"
                + "&project=1");
        List<String> keys = new ArrayList<>();
        page.get("columns").forEach(column -> keys.add(column.get("key").asText()));
        assertEquals(List.of("number", "field.phone"), keys);
        assertEquals("Телефон", page.get("columns").get(1).get("label").asText());
        List<String> phones = new ArrayList<>();
        page.get("rows").forEach(row -> {
            assertEquals(List.of("id", "number", "field.phone"), fieldNames(row));
            phones.add(row.get("field.phone").asText());
        });
        List<String> sorted = new ArrayList<>(phones);
        sorted.sort(null);
        assertEquals(sorted, phones);
        assertEquals(text("SELECT min(values ->> 'phone') FROM declarations WHERE project_id = 1"), phones.get(0));
        JsonNode descending = json("/api/v1/admin/declarations?columns=field.phone&sort=field.phone&dir=desc&project=1");
        assertEquals(text("SELECT max(values ->> 'phone') FROM declarations WHERE project_id = 1"),
                descending.get("rows").get(0).get("field.phone").asText());
        JsonNode english = json("/api/v1/admin/declarations?columns=field.phone&lang=en&size=1");
        assertEquals("Phone", english.get("columns").get(0).get("label").asText());
    }

    @Test
    void savedViewComesBackWhenTheListIsOpenedWithoutParameters() {
        Session own = session("ADMIN");
        HttpResponse<String> forged = post(own, "/admin/declarations/view", "_csrf=wrong&columns=number");
        assertEquals(403, forged.statusCode());

        post(own, "/admin/declarations/view", "_csrf=" + own.csrf() + "&columns=number,email&status=REJECTED");
        HttpResponse<String> saved = post(own, "/admin/declarations/view", "_csrf=" + own.csrf()
                + "&columns=number&columns=field.phone&sort=field.phone&dir=desc&status=ACCEPTED&q=applicant&page=4");
        assertEquals(303, saved.statusCode(), saved.body());
        assertTrue(saved.headers().firstValue("Location").orElse("").contains("/admin/declarations?"));
        assertEquals(1, count("SELECT count(*) FROM list_views WHERE account_id = '" + own.accountId() + "'"));

        JsonNode bare = json(own, "/api/v1/admin/declarations");
        assertEquals(count("SELECT count(*) FROM declarations WHERE status = 'ACCEPTED' AND email ILIKE '%applicant%'"),
                bare.get("total").asLong());
        assertEquals("field.phone", bare.get("columns").get(1).get("key").asText());
        assertEquals(text("SELECT max(values ->> 'phone') FROM declarations WHERE status = 'ACCEPTED'"
                + " AND email ILIKE '%applicant%'"), bare.get("rows").get(0).get("field.phone").asText());
        assertEquals(1, bare.get("page").asInt(), "the page is not part of a view");
        assertEquals(ListReader.COUNT_LIMIT, json(own, "/api/v1/admin/declarations?page=1").get("total").asLong(),
                "explicit parameters win over the saved view");
        assertEquals(ListReader.COUNT_LIMIT, json("/api/v1/admin/declarations").get("total").asLong(),
                "another admin's view is not applied");
    }

    @Test
    void csvHasTheByteOrderMarkSemicolonsAndOnlyTheFilteredRows() throws IOException {
        HttpResponse<byte[]> filtered = bytes(admin, "/api/v1/admin/declarations.csv?project=2&status=ACCEPTED"
                + "&columns=number,full_name,field.phone&sort=number&sep=semicolon");
        assertEquals(200, filtered.statusCode());
        assertEquals("attachment; filename=declarations-2025-03-14.csv",
                filtered.headers().firstValue("Content-Disposition").orElse(""));
        assertTrue(filtered.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        byte[] body = filtered.body();
        assertEquals(0xEF, body[0] & 0xFF);
        assertEquals(0xBB, body[1] & 0xFF);
        assertEquals(0xBF, body[2] & 0xFF);
        List<String> lines = new String(body, 3, body.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertEquals("Номер;ФИО;Телефон", lines.get(0));
        assertEquals(1 + count("SELECT count(*) FROM declarations WHERE project_id = 2 AND status = 'ACCEPTED'"),
                lines.size());
        String first = text("SELECT number || ';' || full_name || ';''' || (values ->> 'phone') FROM declarations"
                + " WHERE project_id = 2 AND status = 'ACCEPTED' ORDER BY number LIMIT 1");
        assertEquals(first, lines.get(1), "phone numbers starting with + are guarded against formulas");

        HttpResponse<byte[]> all = bytes(admin, "/api/v1/admin/declarations.csv?project=2&status=ACCEPTED"
                + "&columns=number&scope=all");
        long everything = count("SELECT count(*) FROM declarations");
        assertEquals(1 + everything, new String(all.body(), StandardCharsets.UTF_8).lines().count());
        assertTrue(new String(all.body(), StandardCharsets.UTF_8).startsWith("\uFEFFНомер\r\n"));

        HttpResponse<byte[]> page = bytes(admin, "/admin/declarations.csv?category=other&columns=email");
        assertEquals(1 + count("SELECT count(*) FROM declarations WHERE category = 'other'"),
                new String(page.body(), StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void badParametersAnswer422WithAMessagePerParameter() throws IOException {
        HttpResponse<String> response = get(admin, "/api/v1/admin/declarations?columns=number,password_hash"
                + "&sort=nope&dir=up&page=last&size=all&project=first&from=yesterday&status=LOST&lang=en");
        assertEquals(422, response.statusCode(), response.body());
        JsonNode errors = JSON.readTree(response.body()).get("errors");
        List<String> fields = new ArrayList<>();
        errors.forEach(error -> fields.add(error.get("field").asText()));
        assertEquals(List.of("columns", "sort", "dir", "page", "size", "project", "status", "from"), fields);
        assertTrue(errors.get(0).get("message").asText().contains("password_hash"));

        HttpResponse<String> csv = get(admin, "/api/v1/admin/declarations.csv?sep=tab");
        assertEquals(422, csv.statusCode());
        assertTrue(csv.body().contains("\"field\":\"sep\""), csv.body());
        assertEquals(422, get(admin, "/api/v1/admin/declarations.csv?scope=some").statusCode());
        assertEquals(422, get(admin, "/api/v1/admin/users?sort=password_hash").statusCode());

        HttpResponse<String> page = send(admin, HttpRequest.newBuilder(stack.uri("/admin/declarations?to=31.01.2025"))
                .header("Accept", "text/html"));
        assertEquals(422, page.statusCode());
        assertTrue(page.body().contains("<b>to</b>"), page.body());
    }

    @Test
    void onlySignedInAdminsSeeTheLists() {
        assertEquals(401, anonymous("/api/v1/admin/declarations").statusCode());
        Session applicant = session("APPLICANT");
        assertEquals(403, get(applicant, "/api/v1/admin/users").statusCode());
        assertEquals(403, get(applicant, "/api/v1/admin/declarations.csv").statusCode());
    }

    @Test
    void htmlPageWorksWithoutJavaScript() {
        HttpResponse<String> response = send(admin, HttpRequest.newBuilder(stack.uri(
                "/admin/declarations?project=1&status=ACCEPTED&sort=number&dir=asc&size=10")).header("Accept", "text/html"));
        assertEquals(200, response.statusCode());
        String html = response.body();
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<title>Заявления — Matricula</title>")
                && html.trim().endsWith("</html>"), "a whole page with the shared head and foot");
        for (String element : List.of("<table id=\"registrations\"", "<form id=\"filters\"", "id=\"q\"", "id=\"apply\"",
                "id=\"export-csv\"", "name=\"columns\" value=\"field.phone\"", "name=\"columns\" value=\"number\" checked",
                "name=\"_csrf\" value=\"" + admin.csrf() + "\"", "<option value=\"1\" selected>Вечерние курсы</option>",
                "name=\"status\" value=\"ACCEPTED\" checked", "action=\"/admin/declarations/view\"")) {
            assertTrue(html.contains(element), element);
        }
        String firstId = text("SELECT id::text FROM declarations WHERE project_id = 1 AND status = 'ACCEPTED'"
                + " ORDER BY number LIMIT 1");
        assertTrue(html.contains("href=\"/admin/declarations/" + firstId + "\""), "rows link to their page");
        Matcher export = Pattern.compile("id=\"export-csv\" href=\"([^\"]+)\"")
                .matcher(html);
        assertTrue(export.find(), "export link");
        String exportLink = unescape(export.group(1));
        assertTrue(exportLink.startsWith("/admin/declarations.csv?") && exportLink.contains("project=1&status=ACCEPTED"),
                "export keeps the filters: " + exportLink);
        assertTrue(unescape(html).contains("sort=number&dir=desc"), "clicking the sorted header again reverses it");
        assertTrue(html.contains("id=\"next\""), "more than one page");
        assertTrue(html.contains("id=\"total\">" + count("SELECT count(*) FROM declarations WHERE project_id = 1"
                + " AND status = 'ACCEPTED'") + "<"));
        String english = get(admin, "/admin/users?lang=en").body();
        assertTrue(english.contains("<table id=\"users\"") && english.contains("Signed up"), english);
    }

    @Test
    void usersListCountsDeclarationsAndExportsToo() {
        JsonNode found = json("/api/v1/admin/users?q=" + encode("ёлкина") + "&columns=email,declarations");
        assertEquals(1, found.get("total").asLong());
        assertEquals("Svetlana.Yolkina@Example.org", found.get("rows").get(0).get("email").asText());
        assertEquals("1", found.get("rows").get(0).get("declarations").asText());
        JsonNode admins = json("/api/v1/admin/users?role=ADMIN&sort=email");
        assertEquals(count("SELECT count(*) FROM accounts WHERE role = 'ADMIN'"), admins.get("total").asLong());
        HttpResponse<byte[]> csv = bytes(admin, "/admin/users.csv?columns=email,role&role=ADMIN&sep=semicolon");
        assertEquals("attachment; filename=users-2025-03-14.csv", csv.headers().firstValue("Content-Disposition")
                .orElse(""));
        List<String> lines = new String(csv.body(), StandardCharsets.UTF_8).lines().toList();
        assertEquals("\uFEFFПочта;Роль", lines.get(0));
        assertTrue(lines.subList(1, lines.size()).stream().allMatch(line -> line.endsWith(";Администратор платформы")),
                "a role is exported by its name, never its code: " + lines);
    }

    @Test
    void fiftyThousandRowsStreamStraightThrough() throws IOException {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = call(authorized(admin, "/api/v1/admin/declarations.csv?project=3"
                + "&columns=number,full_name,email,field.phone,submitted_at"), HttpResponse.BodyHandlers.ofInputStream());
        long lines;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            lines = reader.lines().count();
        }
        assertEquals(200, response.statusCode());
        assertEquals(BULK + 1, lines);
        assertFalse(response.headers().firstValue("Content-Length").isPresent(), "streamed, not buffered whole");
        assertTrue(System.nanoTime() - started < 20_000_000_000L, "quick enough");
    }

    @Test
    void exportHoldsExactlyTheCellsTheListShowsWrittenAsCsvWriterWritesThem() throws IOException {
        for (String parameters : List.of(
                "project=4&columns=number,full_name,email,field.phone,category,submitted_at&sort=number",
                "project=4&columns=full_name,number&sort=full_name&dir=desc&sep=semicolon",
                "project=1&status=ACCEPTED&status=ENROLLED&from=2025-01-03&to=2025-01-10&category=other&q=APPLICANT"
                        + "&columns=number,email,program,project,status&sort=email",
                "q=" + encode("ёЛКИНА св") + "&columns=number,full_name&lang=en",
                "program=2&columns=number,field.phone&sort=field.phone&dir=desc&size=200")) {
            JsonNode list = json("/api/v1/admin/declarations?size=200&" + parameters);
            assertTrue(list.get("rows").size() > 0 && list.get("totalExact").asBoolean(), parameters);
            char separator = parameters.contains("sep=semicolon") ? ';' : ',';
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            CsvWriter csv = new CsvWriter(expected, separator);
            List<String> keys = new ArrayList<>();
            List<String> header = new ArrayList<>();
            list.get("columns").forEach(column -> {
                keys.add(column.get("key").asText());
                header.add(column.get("label").asText());
            });
            csv.row(header);
            list.get("rows").forEach(row -> csv.row(keys.stream()
                    .map(key -> row.get(key).isNull() ? null : row.get(key).asText()).toList()));
            csv.flush();
            byte[] exported = bytes(admin, "/api/v1/admin/declarations.csv?" + parameters).body();
            assertEquals(new String(expected.toByteArray(), StandardCharsets.UTF_8),
                    new String(exported, StandardCharsets.UTF_8), parameters);
        }
    }

    @Test
    void routesAreRegisteredWithThePlatform() {
        try (RunningPlatform platform = RunningPlatform.start(Map.of())) {
            for (String path : List.of("/api/v1/admin/declarations", "/api/v1/admin/declarations.csv",
                    "/api/v1/admin/users", "/api/v1/admin/users.csv")) {
                assertEquals(401, platform.get(path).statusCode(), path + " exists and is closed to strangers");
            }
        }
    }

    private static void assertTotal(String sql, String parameters) {
        assertEquals(count(sql), json("/api/v1/admin/declarations?" + parameters).get("total").asLong(), parameters);
    }

    private static Session session(String role) {
        String token = SecretTokens.newToken();
        String csrf = SecretTokens.newToken();
        UUID id = stack.database.jdbi().withHandle(handle -> {
            UUID account = handle.createQuery("INSERT INTO accounts (email, password_hash, role, display_name)"
                    + " VALUES (:email, 'unused', :role, 'Admin') RETURNING id")
                    .bind("email", role.toLowerCase() + "-" + UUID.randomUUID() + "@matricula.test").bind("role", role)
                    .mapTo(UUID.class).one();
            handle.createUpdate("INSERT INTO sessions (id, account_id, csrf_token, expires_at)"
                    + " VALUES (:id, :account, :csrf, now() + interval '1 hour')")
                    .bind("id", SecretTokens.digest(token)).bind("account", account).bind("csrf", csrf).execute();
            return account;
        });
        return new Session(id, "matricula_session=" + token, csrf);
    }

    private static JsonNode json(String path) {
        return json(admin, path);
    }

    private static JsonNode json(Session session, String path) {
        HttpResponse<String> response = get(session, path);
        assertEquals(200, response.statusCode(), response.body());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpRequest authorized(Session session, String path) {
        return HttpRequest.newBuilder(stack.uri(path)).header("Cookie", session.cookie()).build();
    }

    private static HttpResponse<String> get(Session session, String path) {
        return send(session, HttpRequest.newBuilder(stack.uri(path)));
    }

    private static HttpResponse<String> anonymous(String path) {
        return call(HttpRequest.newBuilder(stack.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(Session session, HttpRequest.Builder request) {
        return call(request.header("Cookie", session.cookie()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> bytes(Session session, String path) {
        return call(authorized(session, path), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> post(Session session, String path, String form) {
        return send(session, HttpRequest.newBuilder(stack.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return CLIENT.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) {
        return stack.database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Long.class).one());
    }

    private static String text(String sql) {
        return stack.database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(String.class).one());
    }

    /** Attribute values as a browser reads them. */
    private static String unescape(String html) {
        return html.replace("&#61;", "=").replace("&amp;", "&");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        return StreamSupport.stream(((Iterable<String>) node::fieldNames).spliterator(), false).toList();
    }
}
