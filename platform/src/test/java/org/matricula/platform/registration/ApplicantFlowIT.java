package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.DeclarationPdfText;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.Eventually;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;

/** An applicant's way over HTTP: prefilled form, field errors, submission, office, PDF, scan, withdrawal. */
class ApplicantFlowIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("night-school", "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/night-school/V1__notes.sql", "CREATE TABLE notes (note text);")
                .resource("org/matricula/platform/plugins/fixtures/declaration.mustache", """
                        <html><head><style>body { font-family: '{{fontFamily}}'; }</style></head>
                        <body><h1>Заявление № {{number}}</h1><p>Программа: {{program}}</p>
                        <p>Почта: {{values.email}}</p></body></html>""")
                .writeTo(server.pluginsDir(), "night-school.jar");
        server.awaitFamily("night-school");
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("night", "Ночная школа", "", "night-school", true,
                "", ""));
        for (String code : new String[] {"astronomy", "poetry"}) {
            Program program = catalog.createProgram(new ProgramInput(code, "Астрономия " + code, "", true, "10",
                    false));
            catalog.link(project.id(), program.id());
        }
    }

    @Test
    void anonymousApplicantIsSentToLogInAndBack() {
        HttpResponse<String> response = server.get("/apply/night?program=astronomy");
        assertEquals(303, response.statusCode());
        assertEquals("/login?next=%2Fapply%2Fnight%3Fprogram%3Dastronomy",
                response.headers().firstValue("Location").orElse("").replaceFirst("^https?://[^/]+", ""));
    }

    @Test
    void formIsPrefilledFromTheProfileAndTheAccount() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET profile = '{\"phone\": \"+7 900 111-22-33\"}' WHERE id = ?",
                me.accountId()));
        String html = get("/apply/night?program=poetry", me).body();
        assertTrue(html.contains("value=\"+7 900 111-22-33\""), html);
        assertTrue(html.contains("value=\"" + me.email() + "\""), html);
        assertTrue(html.contains("<option value=\"poetry\" selected>"), html);
    }

    @Test
    void applicantsSeeingTheSameFormEachSeeOnlyTheirOwnValuesAndToken() {
        TestSessions.Session first = TestSessions.applicant(jdbi);
        TestSessions.Session second = TestSessions.applicant(jdbi);
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET profile = '{\"phone\": \"+7 900 000-00-01\"}' WHERE id = ?",
                first.accountId()));
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET profile = jsonb_build_object('phone', ?) WHERE id = ?",
                "\"><script>alert(1)</script>", second.accountId()));

        String firstPage = get("/apply/night?program=astronomy", first).body();
        String secondPage = get("/apply/night?program=astronomy", second).body();
        String firstAgain = get("/apply/night?program=astronomy", first).body();

        assertEquals(firstPage, firstAgain);
        assertTrue(firstPage.contains("value=\"+7 900 000-00-01\"") && firstPage.contains(first.email()), firstPage);
        assertTrue(firstPage.contains("value=\"" + first.csrf() + "\""), firstPage);
        assertTrue(secondPage.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), secondPage);
        assertTrue(secondPage.contains(second.email()) && secondPage.contains("value=\"" + second.csrf() + "\""),
                secondPage);
        for (String other : List.of(first.email(), first.csrf(), "000-00-01")) {
            assertFalse(secondPage.contains(other), other);
        }
        assertFalse(firstPage.contains("<script>") || secondPage.contains("<script>"));
    }

    @Test
    void wrongFieldsAreShownBesideThemWithEverythingTypedKept() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        HttpResponse<String> response = post("/apply/night", me,
                Map.of("program", "astronomy", "email", "no-at-sign", "phone", "+7 912 345-67-89"));
        assertEquals(422, response.statusCode());
        assertTrue(response.body().contains("id=\"error-email\""), response.body());
        assertTrue(response.body().contains("value=\"no-at-sign\""));
        assertTrue(response.body().contains("value=\"+7 912 345-67-89\""));
        assertEquals(0, declarationsOf(me));
    }

    @Test
    void formWithoutTheCsrfTokenIsRefusedAndNothingStored() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        Map<String, String> values = good("astronomy");
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/apply/night"))
                .header("Cookie", me.cookie()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(values))));
        assertEquals(403, response.statusCode());
        assertEquals(0, declarationsOf(me));
    }

    @Test
    void submittedDeclarationIsInTheOfficeWithItsPdfScanAndWithdrawal() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        Map<String, String> values = good("astronomy");
        values.put("saveToProfile", "true");
        HttpResponse<String> submitted = post("/apply/night", me, values);
        assertEquals(303, submitted.statusCode(), submitted.body());
        String location = submitted.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^https?://[^/]+", "");
        assertTrue(location.matches("/office/declarations/[0-9a-f-]{36}\\?submitted=1"), location);
        String id = location.substring("/office/declarations/".length(), location.indexOf('?'));

        String confirmation = get(location, me).body();
        assertTrue(confirmation.contains("id=\"submitted\""));
        String number = jdbi.withHandle(h -> h.createQuery("SELECT number FROM declarations WHERE id = CAST(? AS uuid)")
                .bind(0, id).mapTo(String.class).one());
        assertTrue(confirmation.contains(number));
        assertTrue(get("/office", me).body().contains("id=\"declaration-" + number + "\""));
        assertEquals("+7 912 345-67-89", jdbi.withHandle(h -> h.createQuery(
                "SELECT profile->>'phone' FROM accounts WHERE id = ?").bind(0, me.accountId()).mapTo(String.class)
                .one()), "saved back to the profile");

        HttpResponse<byte[]> pdf = bytes(HttpRequest.newBuilder(server.uri("/office/declarations/" + id + "/pdf"))
                .header("Cookie", me.cookie()));
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
        String text = DeclarationPdfText.text(pdf.body());
        assertTrue(text.contains("Заявление № " + number), text);
        assertTrue(text.contains("Астрономия astronomy"), text);

        HttpResponse<String> again = post("/apply/night", me, good("astronomy"));
        assertEquals(422, again.statusCode());
        assertTrue(again.body().contains("id=\"error-program\""), again.body());

        HttpResponse<String> fakePng = upload(id, me, "scan.png", "not really an image".getBytes());
        assertEquals(422, fakePng.statusCode());
        assertTrue(fakePng.body().contains("id=\"error-file\""));
        byte[] realPdf = pdf.body();
        assertEquals(303, upload(id, me, "../../etc/passwd.pdf", realPdf).statusCode());
        String withScan = get("/office/declarations/" + id, me).body();
        assertTrue(withScan.contains("__etc_passwd.pdf") || withScan.contains(".._.._etc_passwd.pdf"), withScan);

        HttpResponse<String> withdrawn = post("/office/declarations/" + id + "/withdraw", me,
                Map.of("comment", "передумал"));
        assertEquals(303, withdrawn.statusCode(), withdrawn.body());
        String after = get("/office/declarations/" + id, me).body();
        assertTrue(after.contains("status-WITHDRAWN"), after);
        assertTrue(after.contains("передумал"));
        assertFalse(after.contains("id=\"withdraw\""), "no second withdrawal");
    }

    @Test
    void someoneElsesDeclarationIsNotFound() {
        TestSessions.Session owner = TestSessions.applicant(jdbi);
        post("/apply/night", owner, good("poetry"));
        UUID id = jdbi.withHandle(h -> h.createQuery("SELECT id FROM declarations WHERE account_id = ?")
                .bind(0, owner.accountId()).mapTo(UUID.class).one());
        TestSessions.Session stranger = TestSessions.applicant(jdbi);
        assertEquals(404, get("/office/declarations/" + id, stranger).statusCode());
        assertEquals(404, get("/office/declarations/" + id + "/pdf", stranger).statusCode());
        assertEquals(404, post("/office/declarations/" + id + "/withdraw", stranger, Map.of()).statusCode());
    }

    @Test
    void officeAsksToConfirmTheAddressUntilItIsConfirmed() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        assertFalse(get("/office", me).body().contains("id=\"unverified\""));
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET verified_at = NULL WHERE id = ?", me.accountId()));
        // Changed by SQL, not by the platform: the node hears of it from the database a moment later.
        Eventually.holds("the office asks to confirm", () -> get("/office", me).body().contains("id=\"unverified\""));
    }

    @Test
    void withoutSmtpTheMailsAreKeptForTheAdminMailLog() throws InterruptedException {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        post("/apply/night", me, good("poetry"));
        String number = jdbi.withHandle(h -> h.createQuery("SELECT number FROM declarations WHERE account_id = ?")
                .bind(0, me.accountId()).mapTo(String.class).one());
        TestSessions.Session admin = TestSessions.admin(jdbi);
        long deadline = System.nanoTime() + 10_000_000_000L;
        String log = "";
        while (!log.contains(number) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            log = get("/admin/mail", admin).body();
        }
        assertTrue(log.contains("Заявление " + number + " принято к рассмотрению"), log);
        assertTrue(log.contains("KEPT"));
        assertEquals(403, get("/admin/mail", me).statusCode(), "applicants do not read the mail log");
    }

    private static Map<String, String> good(String program) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("program", program);
        values.put("email", "maria@example.org");
        values.put("phone", "+7 912 345-67-89");
        return values;
    }

    @Test
    void anUnconfirmedAddressMayNotDeclareUntilItIsConfirmedWithinTheSameSession() {
        TestSessions.Session me = TestSessions.applicant(server);
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET verified_at = NULL WHERE id = ?", me.accountId()));
        assertTrue(get("/apply/night?program=poetry", me).body().contains("id=\"apply-blocked\""));
        assertEquals(409, submitJson(me, "astronomy").statusCode());
        assertEquals(0, declarationsOf(me));
        // Confirmed meanwhile: the same session may declare, without logging in again (as soon as the
        // node hears of a confirmation made by SQL; one through the platform counts at once).
        jdbi.useHandle(h -> h.execute("UPDATE accounts SET verified_at = now() WHERE id = ?", me.accountId()));
        Eventually.holds("the form no longer blocked",
                () -> !get("/apply/night?program=poetry", me).body().contains("id=\"apply-blocked\""));
        assertEquals(201, submitJson(me, "astronomy").statusCode());
        assertEquals(1, declarationsOf(me));
    }

    @Test
    void theFormLeavesOutTheProgramsAlreadyAppliedToAndNamesTheDeclaration() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        assertEquals(303, post("/apply/night", me, good("poetry")).statusCode());
        String number = jdbi.withHandle(h -> h.createQuery("SELECT number FROM declarations WHERE account_id = ?")
                .bind(0, me.accountId()).mapTo(String.class).one());
        String html = get("/apply/night?program=poetry", me).body();
        assertFalse(html.contains("<option value=\"poetry\""), html);
        assertTrue(html.contains("<option value=\"astronomy\""), html);
        assertTrue(html.contains(number), "the page names the declaration already made");
    }

    private static HttpResponse<String> submitJson(TestSessions.Session session, String program) {
        return server.send(session.json("/api/v1/me/declarations").POST(HttpRequest.BodyPublishers.ofString(
                "{\"project\":\"night\",\"program\":\"" + program + "\",\"values\":{\"email\":\"maria@example.org\","
                        + "\"phone\":\"+7 912 345-67-89\"}}")));
    }

    private static int declarationsOf(TestSessions.Session session) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM declarations WHERE account_id = ?")
                .bind(0, session.accountId()).mapTo(Integer.class).one());
    }

    private static HttpResponse<String> get(String path, TestSessions.Session session) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", session.cookie()));
    }

    private static HttpResponse<String> post(String path, TestSessions.Session session, Map<String, String> values) {
        Map<String, String> withToken = new LinkedHashMap<>(values);
        withToken.put("_csrf", session.csrf());
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", session.cookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(withToken))));
    }

    private static HttpResponse<String> upload(String id, TestSessions.Session session, String name, byte[] content) {
        String boundary = "----matricula" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return server.send(HttpRequest.newBuilder(server.uri("/office/declarations/" + id + "/documents"))
                .header("Cookie", session.cookie()).header("X-CSRF-Token", session.csrf())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<byte[]> bytes(HttpRequest.Builder request) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
