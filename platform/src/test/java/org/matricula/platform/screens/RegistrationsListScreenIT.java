package org.matricula.platform.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestDeclarations;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The registrations list as a product: names of statuses and categories instead of codes in the
 * page and the CSV, project and program names in the reader's language, page and size brought into
 * range, named saved views with a default, and the bulk actions on ticked rows.
 */
class RegistrationsListScreenIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Locale RU = Locale.forLanguageTag("ru");

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Session admin;
    static Jdbi jdbi;

    @BeforeAll
    static void start() throws IOException {
        Path jar = PluginJar.plugin("courses", "1.0.0").pluginClass(FixturePlugin.class)
                .extension(FixtureFamily.class).writeTo(Files.createTempDirectory("uploads"), "courses.jar");
        HttpResponse<String> installed = server.send(server.admin("/api/admin/plugins?fileName=courses.jar")
                .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofFile(jar)));
        assertEquals(201, installed.statusCode(), installed.body());
        admin = TestSessions.admin(server);
        jdbi = server.platform().database().jdbi();
    }

    @Test
    void aBulkStatusChangeWritesOneHistoryRowPerDeclarationWithTheOneComment() {
        long[] ids = catalog("bulk");
        List<UUID> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(TestDeclarations.insert(jdbi, ids[0], ids[1], "SUBMITTED", OffsetDateTime.now()));
        }
        UUID rejected = TestDeclarations.insert(jdbi, ids[0], ids[1], "REJECTED", OffsetDateTime.now());
        String page = html("/admin/declarations?project=" + ids[0] + "&lang=en");
        assertTrue(page.contains("id=\"bulk\""), page);
        assertTrue(page.contains("name=\"id\" value=\"" + rejected + "\" form=\"bulk\""), page);
        assertTrue(page.contains("<option value=\"ACCEPTED\">Accepted</option>"), page);

        List<String> form = new ArrayList<>(List.of("action", "status", "status", "ACCEPTED", "comment", "Welcome aboard"));
        submitted.forEach(id -> form.addAll(List.of("id", id.toString())));
        form.addAll(List.of("id", rejected.toString()));

        HttpResponse<String> forged = server.send(admin.request("/admin/declarations/bulk")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=wrong&action=status&status=ACCEPTED&id=" + rejected)));
        assertEquals(403, forged.statusCode());
        Session coordinator = TestSessions.open(server, "COORDINATOR");
        assertEquals(403, server.send(repeated(coordinator, "/admin/declarations/bulk", form))
                .statusCode(), "coordinators read, they do not change");

        HttpResponse<String> done = server.send(repeated(admin, "/admin/declarations/bulk?lang=en", form));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("<b>3</b>"), done.body());
        String rejectedNumber = number(rejected);
        assertTrue(done.body().contains("<td>" + rejectedNumber + "</td>"), "the one left is named: " + done.body());
        for (UUID id : submitted) {
            assertEquals("ACCEPTED", status(id));
            int rows = jdbi.withHandle(handle -> handle.createQuery("""
                    SELECT count(*) FROM declaration_history
                    WHERE declaration_id = :id AND to_status = 'ACCEPTED' AND comment = 'Welcome aboard'
                      AND actor_id = :actor""").bind("id", id).bind("actor", admin.accountId())
                    .mapTo(Integer.class).one());
            assertEquals(1, rows, "one history row per declaration, with the one comment");
        }
        assertEquals("REJECTED", status(rejected));

        HttpResponse<String> none = server.send(admin.form("/admin/declarations/bulk?lang=en",
                "action", "status", "status", "ACCEPTED"));
        assertEquals(422, none.statusCode(), "nothing ticked");
        HttpResponse<String> noStatus = server.send(admin.form("/admin/declarations/bulk?lang=en",
                "action", "status", "id", rejected.toString()));
        assertEquals(422, noStatus.statusCode());
    }

    @Test
    void aWaitlistedDeclarationsStatusChoiceStartsEmptyAndAFinalStatusIsConfirmedFirst() {
        long[] ids = catalog("final-one");
        UUID waiting = TestDeclarations.insert(jdbi, ids[0], ids[1], "WAITLISTED", OffsetDateTime.now());
        String page = html("/admin/declarations/" + waiting + "?lang=en");
        assertTrue(page.contains("<select id=\"new-status\" name=\"status\" required><option value=\"\">"), page);
        assertFalse(page.contains(" selected>Rejected"), "nothing is chosen for the admin");

        HttpResponse<String> none = server.send(admin.form("/admin/declarations/" + waiting + "/status?lang=en",
                "status", "", "comment", ""));
        assertEquals(422, none.statusCode(), none.body());
        assertTrue(none.body().contains("id=\"error-status\" role=\"alert\">Choose the new status</p>"), none.body());
        assertEquals("WAITLISTED", status(waiting));

        HttpResponse<String> asked = server.send(admin.form("/admin/declarations/" + waiting + "/status?lang=en",
                "status", "REJECTED", "comment", "No places"));
        assertEquals(200, asked.statusCode(), asked.body());
        assertTrue(asked.body().contains("id=\"confirm-status\""), asked.body());
        assertTrue(asked.body().contains(number(waiting)) && asked.body().contains("gets a mail")
                && asked.body().contains("cannot be undone"), asked.body());
        assertTrue(asked.body().contains("name=\"confirmed\" value=\"yes\""), asked.body());
        assertEquals("WAITLISTED", status(waiting), "nothing changes before the confirmation");

        HttpResponse<String> confirmed = server.send(admin.form("/admin/declarations/" + waiting + "/status?lang=en",
                "status", "REJECTED", "comment", "No places", "confirmed", "yes"));
        assertEquals(303, confirmed.statusCode(), confirmed.body());
        assertEquals("REJECTED", status(waiting));

        UUID submitted = TestDeclarations.insert(jdbi, ids[0], ids[1], "SUBMITTED", OffsetDateTime.now());
        assertEquals(303, server.send(admin.form("/admin/declarations/" + submitted + "/status?lang=en",
                "status", "ACCEPTED", "comment", "")).statusCode(), "a move that can go on applies at once");
        assertEquals("ACCEPTED", status(submitted));
    }

    @Test
    void aBulkMoveToAFinalStatusListsTheDeclarationsAndWaitsForTheConfirmation() {
        long[] ids = catalog("final-bulk");
        UUID first = TestDeclarations.insert(jdbi, ids[0], ids[1], "SUBMITTED", OffsetDateTime.now());
        UUID second = TestDeclarations.insert(jdbi, ids[0], ids[1], "WAITLISTED", OffsetDateTime.now());
        UUID decided = TestDeclarations.insert(jdbi, ids[0], ids[1], "WITHDRAWN", OffsetDateTime.now());
        List<String> form = new ArrayList<>(List.of("action", "status", "status", "REJECTED", "comment", "Closed",
                "id", first.toString(), "id", second.toString(), "id", decided.toString()));

        HttpResponse<String> asked = server.send(repeated(admin, "/admin/declarations/bulk?lang=en", form));
        assertEquals(200, asked.statusCode(), asked.body());
        assertTrue(asked.body().contains("id=\"bulk-moving-count\">2</b>"), asked.body());
        assertTrue(asked.body().contains(number(first)) && asked.body().contains(number(second)), asked.body());
        assertTrue(asked.body().contains("<td>" + number(decided) + "</td>"), "the one left is named");
        assertTrue(asked.body().contains("id=\"bulk-confirm\""), asked.body());
        assertEquals("SUBMITTED", status(first), "nothing changes before the confirmation");
        assertEquals("WAITLISTED", status(second));

        form.addAll(List.of("confirmed", "yes"));
        HttpResponse<String> done = server.send(repeated(admin, "/admin/declarations/bulk?lang=en", form));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("id=\"bulk-changed-count\""), done.body());
        assertEquals("REJECTED", status(first));
        assertEquals("REJECTED", status(second));
        assertEquals("WITHDRAWN", status(decided));
    }

    @Test
    void deletingASavedViewIsAskedFirst() {
        assertEquals(303, server.send(admin.form("/admin/declarations/view", "action", "save", "viewName",
                "Mine to drop")).statusCode());
        String page = html("/admin/declarations?lang=en");
        int delete = page.indexOf("name=\"action\" value=\"delete\"");
        assertTrue(delete > 0, page);
        String before = page.substring(0, delete);
        assertTrue(before.lastIndexOf("<details class=\"confirm") > before.lastIndexOf("</details>"),
                "the delete button sits inside a confirmation step: " + page);
        assertTrue(page.contains("Delete the saved view \"Mine to drop\"?"), page);
    }

    @Test
    void theTickedRowsAreExportedAloneWithStatusNames() {
        long[] ids = catalog("picked");
        UUID one = TestDeclarations.insert(jdbi, ids[0], ids[1], "SUBMITTED", OffsetDateTime.now());
        UUID two = TestDeclarations.insert(jdbi, ids[0], ids[1], "WAITLISTED", OffsetDateTime.now());
        TestDeclarations.insert(jdbi, ids[0], ids[1], "SUBMITTED", OffsetDateTime.now());
        HttpResponse<String> csv = server.send(repeated(admin, "/admin/declarations/bulk?lang=en", List.of("action",
                "export", "columns", "number,status", "id", one.toString(), "id", two.toString())));
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().filter(line -> !line.isBlank()).toList();
        assertEquals(3, lines.size(), csv.body());
        assertTrue(csv.body().contains(number(one) + ",Submitted"), csv.body());
        assertTrue(csv.body().contains(number(two) + ",On the waitlist"), csv.body());
        assertFalse(csv.body().contains("WAITLISTED"), csv.body());

        HttpResponse<String> users = server.send(admin.form("/admin/users/bulk?lang=en", "action", "export",
                "columns", "email,role", "id", admin.accountId().toString()));
        assertEquals(200, users.statusCode(), users.body());
        assertTrue(users.body().contains(admin.email() + ",Platform admin"), users.body());
    }

    @Test
    void statusesAndCategoriesShowByTheirNamesInPagesAndCsvNeverAsCodes() {
        long[] ids = catalog("labels");
        UUID id = TestDeclarations.insert(jdbi, ids[0], ids[1], "WAITLISTED", OffsetDateTime.now());
        ApplicantCategory category = ApplicantCategory.values()[0];
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE declarations SET category = :c WHERE id = :id")
                .bind("c", category.code()).bind("id", id).execute());
        String waitlisted = Messages.text(RU, "status.WAITLISTED");
        String page = html("/admin/declarations?project=" + ids[0] + "&columns=number,status,category,submitted_at&lang=ru");
        assertTrue(page.contains("<span class=\"badge status-waitlisted\">" + waitlisted + "</span>"), page);
        assertFalse(page.contains(">WAITLISTED<"), page);
        assertFalse(page.contains(">" + category.code() + "<"), page);
        assertTrue(page.contains(">" + category.label().in(RU) + "</span></td>"), page);
        assertTrue(page.contains("<td class=\"nowrap\">"), "a date stays on one line");
        assertTrue(page.contains("value=\"WAITLISTED\"") && page.contains("> " + waitlisted + "</label>"),
                "the status filter names the statuses: " + page);

        String csv = server.send(admin.request("/admin/declarations.csv?project=" + ids[0]
                + "&columns=number,status,category&lang=ru")).body();
        assertTrue(csv.contains(number(id) + "," + waitlisted + "," + category.label().in(RU)), csv);
        assertFalse(csv.contains("WAITLISTED") || csv.contains("," + category.code()), csv);
    }

    @Test
    void projectAndProgramNamesFollowTheReadersLanguage() throws IOException {
        long project = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO projects (slug, name, family_id, name_i18n)
                VALUES ('names', 'Кафедры', 'courses', '{"ru": "Кафедры", "en": "Chairs"}') RETURNING id""")
                .mapTo(Long.class).one());
        long program = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO programs (code, name, name_i18n) VALUES ('names-py', 'Питон', '{"ru": "Питон", "en": "Snake"}')
                RETURNING id""").mapTo(Long.class).one());
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO project_programs (project_id, program_id) VALUES (:p, :g)")
                .bind("p", project).bind("g", program).execute());
        UUID id = TestDeclarations.insert(jdbi, project, program, "SUBMITTED", OffsetDateTime.now());
        JsonNode english = json("/api/v1/admin/declarations?project=" + project + "&columns=project,program&lang=en");
        assertEquals("Chairs", english.at("/rows/0/project").asText());
        assertEquals("Snake", english.at("/rows/0/program").asText());
        JsonNode russian = json("/api/v1/admin/declarations?project=" + project + "&columns=project,program&lang=ru");
        assertEquals("Кафедры", russian.at("/rows/0/project").asText());
        String csv = server.send(admin.request("/admin/declarations.csv?project=" + project
                + "&columns=project,program&lang=en")).body();
        assertTrue(csv.contains("Chairs,Snake"), csv);
        String page = html("/admin/declarations?project=" + project + "&lang=en");
        assertTrue(page.contains("<option value=\"" + project + "\" selected>Chairs</option>"), page);
        assertTrue(page.contains(">Snake</option>"), page);
        assertEquals("Snake", json("/api/v1/admin/declarations/" + id + "?lang=en").at("/declaration/programName").asText());
        assertEquals("Питон", json("/api/v1/admin/declarations/" + id + "?lang=ru").at("/declaration/programName").asText());
    }

    @Test
    void tooLargeASizeOrAPagePastTheEndAreBroughtIntoRange() throws IOException {
        long[] ids = catalog("clamp");
        for (int i = 0; i < 12; i++) {
            TestDeclarations.insert(jdbi, ids[0], ids[1], "SUBMITTED", OffsetDateTime.now().minusMinutes(i));
        }
        String big = html("/admin/declarations?project=" + ids[0] + "&size=500");
        assertTrue(big.contains("<option value=\"200\" selected>200</option>"), big);
        assertEquals(200, json("/api/v1/admin/declarations?project=" + ids[0] + "&size=500").get("size").asInt());

        String past = html("/admin/declarations?project=" + ids[0] + "&size=5&page=999");
        assertTrue(past.contains("<span id=\"page-number\">3</span> / <span id=\"page-count\">3</span>"), past);
        JsonNode last = json("/api/v1/admin/declarations?project=" + ids[0] + "&size=5&page=999");
        assertEquals(3, last.get("page").asInt());
        assertEquals(2, last.get("rows").size());
        HttpResponse<String> notANumber = server.send(admin.request("/admin/declarations?size=lots")
                .header("Accept", "text/html"));
        assertEquals(422, notANumber.statusCode());
    }

    @Test
    void severalNamedViewsAndADefaultOne() throws IOException {
        long[] ids = catalog("views");
        TestDeclarations.insert(jdbi, ids[0], ids[1], "ACCEPTED", OffsetDateTime.now());
        TestDeclarations.insert(jdbi, ids[0], ids[1], "REJECTED", OffsetDateTime.now());
        Session own = TestSessions.admin(server);
        assertEquals(303, server.send(own.form("/admin/declarations/view", "viewName", "Accepted ones",
                "project", String.valueOf(ids[0]), "status", "ACCEPTED", "columns", "number,status")).statusCode());
        assertEquals(303, server.send(own.form("/admin/declarations/view", "viewName", "Rejected ones",
                "project", String.valueOf(ids[0]), "status", "REJECTED", "columns", "number,email",
                "makeDefault", "1")).statusCode());

        JsonNode bare = json(own, "/api/v1/admin/declarations");
        assertEquals(1, bare.get("total").asInt(), "the default view opens a bare list");
        assertEquals("email", bare.at("/columns/1/key").asText());
        JsonNode named = json(own, "/api/v1/admin/declarations?view=Accepted%20ones");
        assertEquals(List.of("number", "status"), keys(named));
        String page = html(own, "/admin/declarations?lang=en");
        assertTrue(page.contains("Accepted ones") && page.contains("Rejected ones"), page);
        assertTrue(page.contains("<span id=\"current-view\">Rejected ones</span>"), page);

        assertEquals(303, server.send(own.form("/admin/declarations/view", "action", "default",
                "viewName", "Accepted ones")).statusCode());
        assertEquals(List.of("number", "status"), keys(json(own, "/api/v1/admin/declarations")));
        assertEquals(303, server.send(own.form("/admin/declarations/view", "action", "delete",
                "viewName", "Accepted ones")).statusCode());
        assertEquals(List.of("number", "email"), keys(json(own, "/api/v1/admin/declarations")),
                "with the default gone, the remaining view serves");
        assertEquals(404, server.send(own.request("/api/v1/admin/declarations?view=Accepted%20ones")).statusCode());
        assertEquals(404, server.send(own.form("/admin/declarations/view", "action", "delete",
                "viewName", "Accepted ones")).statusCode());
        assertTrue(json(admin, "/api/v1/admin/declarations").get("total").asInt() > 1,
                "another admin's views are their own");
    }

    @Test
    void theColumnChooserGroupsFormFieldsByTheirSectionAndRowsOfferActions() {
        long[] ids = catalog("chooser");
        UUID id = TestDeclarations.insert(jdbi, ids[0], ids[1], "SUBMITTED", OffsetDateTime.now());
        String page = html("/admin/declarations?project=" + ids[0] + "&lang=en");
        assertTrue(page.contains("<details id=\"column-choice\""), page);
        assertTrue(page.contains("id=\"column-filter\""), page);
        assertTrue(page.split("class=\"column-group\"", -1).length - 1 >= 2, "own columns and a form section: " + page);
        assertTrue(page.contains("href=\"/admin/declarations/" + id + "/pdf\""), page);
        assertTrue(page.contains("<select id=\"size\" name=\"size\">"), page);
        assertEquals(200, server.send(admin.request("/assets/lists.js")).statusCode());
    }

    private static long[] catalog(String slug) {
        return jdbi.withHandle(handle -> {
            long project = handle.createQuery("INSERT INTO projects (slug, name, family_id) VALUES (:s, :s, 'courses') "
                    + "RETURNING id").bind("s", slug).mapTo(Long.class).one();
            long program = handle.createQuery("INSERT INTO programs (code, name) VALUES (:s, :s) RETURNING id")
                    .bind("s", slug + "-program").mapTo(Long.class).one();
            return new long[] {project, program};
        });
    }

    /** A form post with repeated names, as ticked checkboxes send them. */
    private static HttpRequest.Builder repeated(Session session, String path, List<String> namesAndValues) {
        StringBuilder body = new StringBuilder("_csrf=").append(session.csrf());
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            body.append('&').append(URLEncoder.encode(namesAndValues.get(i), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues.get(i + 1), StandardCharsets.UTF_8));
        }
        return session.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static List<String> keys(JsonNode list) {
        List<String> keys = new ArrayList<>();
        list.get("columns").forEach(column -> keys.add(column.get("key").asText()));
        return keys;
    }

    private static String number(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT number FROM declarations WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private static String status(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT status FROM declarations WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    private static String html(String path) {
        return html(admin, path);
    }

    private static String html(Session session, String path) {
        HttpResponse<String> response = server.send(session.request(path).header("Accept", "text/html"));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static JsonNode json(String path) throws IOException {
        return json(admin, path);
    }

    private static JsonNode json(Session session, String path) throws IOException {
        HttpResponse<String> response = server.send(session.request(path).header("Accept", "application/json"));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
