package org.matricula.platform.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestDeclarations;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The admin screens for what was API-only: plugins, a user's role, a project's programs, the
 * outbox and the mail log's search. Each is driven as a browser without JavaScript would: GET
 * the page, post its form with the hidden CSRF field, follow the 303.
 */
class AdminScreensIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Session admin;
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        admin = TestSessions.admin(server);
        jdbi = server.platform().database().jdbi();
    }

    @Test
    void pluginsAreUploadedDisabledEnabledReloadedAndRemovedFromTheirScreen(@TempDir Path dir) throws IOException {
        Path jar = PluginJar.plugin("screened", "1.2.3").pluginClass(FixturePlugin.class)
                .extension(FixtureFamily.class).writeTo(dir, "screened.jar");
        String page = html(admin.request("/admin/plugins?lang=en"));
        assertTrue(page.contains("id=\"upload-plugin\""), page);
        assertTrue(page.contains("enctype=\"multipart/form-data\""), page);
        assertFalse(page.contains("_csrf="), "the token never rides in a URL");

        HttpResponse<String> forged = server.send(upload(jar, "not-the-token"));
        assertEquals(403, forged.statusCode(), forged.body());
        assertFalse(html(admin.request("/admin/plugins")).contains("screened"));

        HttpResponse<String> uploaded = server.send(upload(jar, admin.csrf()));
        assertEquals(303, uploaded.statusCode(), uploaded.body());
        assertEquals("/admin/plugins", uploaded.headers().firstValue("Location").map(AdminScreensIT::path).orElse(""));
        page = html(admin.request("/admin/plugins?lang=en"));
        assertTrue(page.contains("id=\"plugin-screened\""), page);
        assertTrue(page.contains("1.2.3"), page);
        assertTrue(page.contains("id=\"state-screened\">Running<"), page);
        assertTrue(html(admin.request("/admin/plugins?lang=ru")).contains("id=\"state-screened\">Работает<"));

        assertEquals(303, server.send(admin.form("/admin/plugins/screened/disable")).statusCode());
        page = html(admin.request("/admin/plugins?lang=en"));
        assertTrue(page.contains("id=\"state-screened\">Disabled<"), page);
        assertTrue(page.contains("id=\"enable-screened\""), page);
        assertEquals(303, server.send(admin.form("/admin/plugins/screened/enable")).statusCode());
        assertTrue(html(admin.request("/admin/plugins?lang=en")).contains("id=\"state-screened\">Running<"));
        assertEquals(303, server.send(admin.form("/admin/plugins/screened/reload")).statusCode());
        assertTrue(html(admin.request("/admin/plugins?lang=en")).contains("id=\"state-screened\">Running<"));

        HttpResponse<String> noToken = server.send(admin.request("/admin/plugins/screened/disable")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, noToken.statusCode());

        String confirm = html(admin.request("/admin/plugins/screened/remove?lang=en"));
        assertTrue(confirm.contains("id=\"confirm-remove\""), confirm);
        assertTrue(confirm.contains("name=\"_csrf\" value=\"" + admin.csrf() + "\""), confirm);
        assertTrue(html(admin.request("/admin/plugins")).contains("screened"), "opening the confirmation removes nothing");
        assertEquals(303, server.send(admin.form("/admin/plugins/screened/remove")).statusCode());
        assertFalse(html(admin.request("/admin/plugins")).contains("plugin-screened"));
        assertEquals(404, server.send(admin.request("/admin/plugins/screened/remove")).statusCode());
    }

    @Test
    void aFailedPluginShowsWhy(@TempDir Path dir) throws IOException {
        Path jar = PluginJar.plugin("broken", "0.1.0").requires("99.0.0").pluginClass(FixturePlugin.class)
                .writeTo(dir, "broken.jar");
        HttpResponse<String> refused = server.send(upload(jar, admin.csrf()));
        assertEquals(303, refused.statusCode(), refused.body());
        assertTrue(refused.headers().allValues("Set-Cookie").stream()
                .anyMatch(cookie -> cookie.startsWith("matricula_flash=flash.error.plugins.notInstalled")),
                refused.headers().toString());
        String page = html(admin.request("/admin/plugins?lang=en"));
        assertTrue(page.contains("id=\"plugin-broken\""), page);
        assertTrue(page.contains("id=\"failure-broken\""), page);
    }

    @Test
    void aUserIsFoundGivenARoleWithProjectsAndTakenBackToApplicant() {
        Session someone = TestSessions.applicant(server);
        long project = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO projects (slug, name, family_id, name_i18n) VALUES ('roles', 'Роли', 'courses',
                    '{"ru": "Роли", "en": "Roles"}') RETURNING id""").mapTo(Long.class).one());
        String found = html(admin.request("/admin/users?q=" + someone.email()));
        assertTrue(found.contains("href=\"/admin/users/" + someone.accountId() + "\""), found);

        String page = html(admin.request("/admin/users/" + someone.accountId() + "?lang=en"));
        assertTrue(page.contains("id=\"role-form\""), page);
        assertTrue(page.contains("id=\"project-" + project + "\""), page);
        assertTrue(page.contains("> Roles</label>"), "projects named in the reader's language: " + page);
        assertTrue(page.contains("value=\"APPLICANT\" id=\"role-APPLICANT\" checked"), page);

        HttpResponse<String> given = server.send(admin.form("/admin/users/" + someone.accountId() + "/role",
                "role", "PROJECT_ADMIN", "projects", String.valueOf(project)));
        assertEquals(303, given.statusCode(), given.body());
        assertEquals("PROJECT_ADMIN", role(someone.accountId()));
        int linked = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM project_admins WHERE account_id = :id AND project_id = :project")
                .bind("id", someone.accountId()).bind("project", project).mapTo(Integer.class).one());
        assertEquals(1, linked);
        page = html(admin.request("/admin/users/" + someone.accountId() + "?lang=en"));
        assertTrue(page.contains("value=\"" + project + "\" id=\"project-" + project + "\" checked"), page);

        HttpResponse<String> missing = server.send(admin.form("/admin/users/" + someone.accountId() + "/role?lang=en",
                "role", "COORDINATOR", "organization", " "));
        assertEquals(422, missing.statusCode());
        assertTrue(missing.body().contains("id=\"organization-error\""), missing.body());
        assertEquals("PROJECT_ADMIN", role(someone.accountId()), "a refused form changes nothing");

        HttpResponse<String> forged = server.send(admin.request("/admin/users/" + someone.accountId() + "/role")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=wrong&role=ADMIN")));
        assertEquals(403, forged.statusCode());
        assertEquals("PROJECT_ADMIN", role(someone.accountId()));

        assertEquals(303, server.send(admin.form("/admin/users/" + someone.accountId() + "/role",
                "role", "APPLICANT")).statusCode());
        assertEquals("APPLICANT", role(someone.accountId()));

        Session projectAdmin = TestSessions.open(server, "PROJECT_ADMIN");
        assertEquals(403, server.send(projectAdmin.request("/admin/users/" + someone.accountId())).statusCode());
        assertEquals(403, server.send(projectAdmin.form("/admin/users/" + someone.accountId() + "/role",
                "role", "ADMIN")).statusCode());
        assertEquals(404, server.send(admin.request("/admin/users/" + UUID.randomUUID())).statusCode());
    }

    @Test
    void aNewProjectIsGivenProgramsFromItsPage() {
        long project = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO projects (slug, name, family_id) VALUES ('fresh', 'Новый проект', 'courses') RETURNING id""")
                .mapTo(Long.class).one());
        long program = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO programs (code, name) VALUES ('fresh-python', 'Питон') RETURNING id""")
                .mapTo(Long.class).one());
        String page = html(admin.request("/admin/projects/" + project));
        assertTrue(page.contains("id=\"add-program\""), "the add-program control renders: " + page);
        assertTrue(page.contains("action=\"/admin/projects/" + project + "/programs\""), page);
        assertTrue(page.contains("<option value=\"" + program + "\">Питон (fresh-python)</option>"), page);

        HttpResponse<String> added = server.send(admin.form("/admin/projects/" + project + "/programs",
                "programId", String.valueOf(program)));
        assertEquals(303, added.statusCode(), added.body());
        page = html(admin.request("/admin/projects/" + project));
        assertTrue(page.contains("id=\"linked-fresh-python\""), page);
    }

    @Test
    void unlimitedProgramsCountTheDeclarationsHoldingAPlace() {
        long project = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO projects (slug, name, family_id) VALUES ('counted', 'Счёт', 'courses') RETURNING id""")
                .mapTo(Long.class).one());
        long program = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO programs (code, name) VALUES ('unlimited', 'Без ограничений') RETURNING id""")
                .mapTo(Long.class).one());
        for (String status : new String[] {"SUBMITTED", "ACCEPTED", "REJECTED"}) {
            UUID id = TestDeclarations.insert(jdbi, project, program, status, java.time.OffsetDateTime.now());
            jdbi.useHandle(handle -> handle.createUpdate("UPDATE declarations SET holds_place = :holds WHERE id = :id")
                    .bind("holds", !status.equals("REJECTED")).bind("id", id).execute());
        }
        String page = html(admin.request("/admin/programs/" + program));
        assertTrue(page.contains("<b>2</b>"), "two declarations hold a place: " + page);
        String list = html(admin.request("/admin/programs"));
        Matcher row = Pattern.compile("unlimited</td>.*?<td class=\"taken\">(\\d+)</td>", Pattern.DOTALL).matcher(list);
        assertTrue(row.find(), list);
        assertEquals("2", row.group(1));
    }

    @Test
    void theOutboxScreenListsWaitingAndDeadEntriesAndRetriesADeadOne() {
        long dead = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO outbox (kind, payload, status, attempts, last_error)
                VALUES ('event', '{"type": "submitted"}', 'DEAD', 8, 'listener refused') RETURNING id""")
                .mapTo(Long.class).one());
        String page = html(admin.request("/admin/outbox?lang=en"));
        assertTrue(page.contains("id=\"outbox-" + dead + "\""), page);
        assertTrue(page.contains("listener refused"), page);
        assertTrue(page.contains("Given up"), page);
        assertTrue(page.contains("id=\"retry-" + dead + "\""), page);

        HttpResponse<String> retried = server.send(admin.form("/admin/outbox/" + dead + "/retry", "back", "outbox"));
        assertEquals(303, retried.statusCode());
        assertEquals("/admin/outbox", retried.headers().firstValue("Location").map(AdminScreensIT::path).orElse(""));
        assertFalse(jdbi.withHandle(handle -> handle.createQuery("SELECT status FROM outbox WHERE id = :id")
                .bind("id", dead).mapTo(String.class).one()).equals("DEAD"));
        assertEquals(403, server.send(TestSessions.open(server, "PROJECT_ADMIN").request("/admin/outbox")).statusCode());
    }

    @Test
    void theMailLogIsSearchedByRecipient() {
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO mail_log (recipient, subject, body, delivery) VALUES
                    ('alice.search@example.org', 'For Alice', 'a', 'KEPT'),
                    ('bob.search@example.org', 'For Bob', 'b', 'KEPT'),
                    ('c_d@example.org', 'Underscore', 'c', 'KEPT')""").execute());
        String alice = html(admin.request("/admin/mail?to=ALICE.search"));
        assertTrue(alice.contains("For Alice"), alice);
        assertFalse(alice.contains("For Bob"), alice);
        assertTrue(alice.contains("value=\"ALICE.search\""), "the box keeps what was typed");
        assertTrue(html(admin.request("/admin/mail?to=c_d")).contains("Underscore"));
        assertFalse(html(admin.request("/admin/mail?to=c_d")).contains("For Bob"));
        assertFalse(html(admin.request("/admin/mail?to=b%25b")).contains("For Bob"), "a typed % matches itself only");
        String all = html(admin.request("/admin/mail"));
        assertTrue(all.contains("For Alice") && all.contains("For Bob"), all);
    }

    private static String role(UUID account) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT role FROM accounts WHERE id = :id")
                .bind("id", account).mapTo(String.class).one());
    }

    private static String html(HttpRequest.Builder request) {
        HttpResponse<String> response = server.send(request.header("Accept", "text/html"));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static String path(String location) {
        return location.replaceFirst("^https?://[^/]+", "");
    }

    /** The upload form as a browser posts it: the hidden token first, then the file. */
    private static HttpRequest.Builder upload(Path jar, String token) throws IOException {
        String boundary = "----matricula" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jar\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return admin.request("/admin/plugins").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }
}
