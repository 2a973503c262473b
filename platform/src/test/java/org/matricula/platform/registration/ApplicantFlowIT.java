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

        HttpResponse<String> fakePng = uploadTo(id, me, "scan.png", "not really an image".getBytes());
        assertEquals(422, fakePng.statusCode());
        assertTrue(fakePng.body().contains("id=\"error-file\""));
        byte[] realPdf = pdf.body();
        assertEquals(303, uploadTo(id, me, "../../etc/passwd.pdf", realPdf).statusCode());
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

    @Test
    void aControlCharacterInAValueIsRefusedAtItsFieldWithEverythingTypedKept() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        Map<String, String> values = good("astronomy");
        values.put("email", "maria\u0001@example.org");
        HttpResponse<String> refused = post("/apply/night?lang=en", me, values);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("id=\"error-email\""), refused.body());
        assertTrue(refused.body().contains("control characters that cannot be kept"), refused.body());
        assertTrue(refused.body().contains("value=\"+7 912 345-67-89\""), "typed values stay");
        assertEquals(0, declarationsOf(me));
    }

    @Test
    void aStoredValueWithCharactersXmlDoesNotAllowStillPrints() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        String id = submitted(me, "astronomy");
        jdbi.useHandle(h -> h.execute("UPDATE declarations SET values = jsonb_set(values, '{email}', to_jsonb(CAST(? AS text)))"
                + " WHERE id = CAST(? AS uuid)", "maria\u0001@exam\uFFFFple.org", id));

        HttpResponse<byte[]> mine = bytes(HttpRequest.newBuilder(server.uri("/office/declarations/" + id + "/pdf"))
                .header("Cookie", me.cookie()));
        assertEquals(200, mine.statusCode());
        assertTrue(DeclarationPdfText.text(mine.body()).contains("Почта: maria@example.org"),
                DeclarationPdfText.text(mine.body()));
        HttpResponse<byte[]> api = bytes(HttpRequest.newBuilder(server.uri("/api/v1/me/declarations/" + id + "/pdf"))
                .header("Cookie", me.cookie()));
        assertEquals(200, api.statusCode());
    }

    @Test
    void aFileNameInCyrillicIsKeptAsTheApplicantsComputerNamedIt() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        String id = submitted(me, "poetry");
        byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8);

        assertEquals(303, upload("/office/declarations/" + id + "/documents", me,
                "filename=\"Скан паспорта.pdf\"", pdf).statusCode());
        assertEquals(201, upload("/api/v1/me/declarations/" + id + "/documents", me,
                "filename=\"scan.pdf\"; filename*=UTF-8''%D0%94%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC.pdf", pdf).statusCode());
        assertEquals(201, upload("/api/v1/me/declarations/" + id + "/documents", me,
                "filename=\"r\u00e9sum\u00e9.pdf\"", pdf, StandardCharsets.ISO_8859_1).statusCode());

        assertEquals(List.of("Скан паспорта.pdf", "Диплом.pdf", "résumé.pdf"), jdbi.withHandle(h -> h.createQuery(
                "SELECT original_name FROM declaration_documents WHERE declaration_id = CAST(? AS uuid) ORDER BY uploaded_at")
                .bind(0, id).mapTo(String.class).list()));
        assertTrue(get("/office/declarations/" + id, me).body().contains("Скан паспорта.pdf"));
    }

    @Test
    void aWithdrawnDeclarationTakesNoMoreFilesAndTellsTheReaderInTheirLanguage() {
        TestSessions.Session me = TestSessions.applicant(server);
        String id = submitted(me, "poetry");
        byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(get("/office/declarations/" + id + "?submitted=1", me).body().contains("id=\"submitted\""));
        assertEquals(303, post("/office/declarations/" + id + "/withdraw", me, Map.of()).statusCode());

        String withdrawn = get("/office/declarations/" + id + "?submitted=1&lang=en", me).body();
        assertFalse(withdrawn.contains("id=\"submitted\""), "a withdrawn declaration is not announced as just submitted");
        assertTrue(!withdrawn.contains("id=\"upload\"") && withdrawn.contains("id=\"upload-note\""),
                "no upload form where no upload is taken, but the reason: " + withdrawn);
        HttpResponse<String> office = upload("/office/declarations/" + id + "/documents?lang=en", me,
                "filename=\"late.pdf\"", pdf);
        assertEquals(409, office.statusCode(), office.body());
        assertTrue(office.body().contains("its files can no longer be added or deleted"), office.body());
        HttpResponse<String> api = upload("/api/v1/me/declarations/" + id + "/documents?lang=en", me,
                "filename=\"late.pdf\"", pdf);
        assertEquals(409, api.statusCode(), api.body());
        assertTrue(api.body().contains("its files can no longer be added or deleted"), api.body());
        int kept = jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM declaration_documents WHERE declaration_id = CAST(? AS uuid)")
                .bind(0, id).mapTo(Integer.class).one());
        assertEquals(0, kept);

        HttpResponse<String> again = server.send(me.json("/api/v1/me/declarations/" + id + "/withdraw?lang=en")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(422, again.statusCode(), again.body());
        assertTrue(again.body().contains("This declaration can no longer be withdrawn"), again.body());
    }

    @Test
    void aPageAfterARefusedFormSwitchesLanguageOnAPageABrowserCanOpenAndSaysOneThing() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        HttpResponse<String> submitted = post("/apply/night", me, good("astronomy"));
        assertEquals(303, submitted.statusCode(), submitted.body());
        String location = submitted.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.indexOf("/office/declarations/") + "/office/declarations/".length(),
                location.indexOf('?'));
        String announced = get(location.substring(location.indexOf("/office/")) + "&lang=en", me).body();
        assertTrue(announced.contains("id=\"submitted\"") && !announced.contains("Done: your changes are saved"),
                "the submission told once: " + announced);

        HttpResponse<String> refused = upload("/office/declarations/" + id + "/documents?lang=en", me,
                "filename=\"empty.pdf\"", new byte[0]);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("id=\"lang-ru\" href=\"/office/declarations/" + id + "?lang"),
                "the language link leads to the declaration's page, not to the upload's address: " + refused.body());
        assertFalse(refused.body().contains("href=\"/office/declarations/" + id + "/documents?lang"), refused.body());
    }

    @Test
    void theIconIsServed() {
        HttpResponse<String> icon = server.send(HttpRequest.newBuilder(server.uri("/favicon.ico")));
        assertEquals(301, icon.statusCode());
        String target = icon.headers().firstValue("Location").orElseThrow();
        assertEquals(200, server.send(HttpRequest.newBuilder(server.uri(target.replaceFirst("^https?://[^/]+", ""))))
                .statusCode(), target);
        assertTrue(server.get("/catalog").body().contains("rel=\"icon\""));
    }

    @Test
    void aDeclarationHoldsAtMostTwentyFiles() {
        TestSessions.Session me = TestSessions.applicant(jdbi);
        String id = submitted(me, "astronomy");
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO declaration_documents (declaration_id, media_type, original_name, size_bytes, content)
                SELECT CAST(? AS uuid), 'application/pdf', 'scan-' || n || '.pdf', 1, decode('25', 'hex')
                FROM generate_series(1, ?) n""", id, Documents.MAX_PER_DECLARATION));
        byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> api = upload("/api/v1/me/declarations/" + id + "/documents?lang=en", me,
                "filename=\"one-more.pdf\"", pdf);
        assertEquals(422, api.statusCode(), api.body());
        assertTrue(api.body().contains("A declaration holds at most 20 files"), api.body());
        HttpResponse<String> office = upload("/office/declarations/" + id + "/documents", me,
                "filename=\"one-more.pdf\"", pdf);
        assertEquals(422, office.statusCode());
        assertTrue(office.body().contains("id=\"upload-note\"") && !office.body().contains("id=\"upload\""),
                "the page says why, with no form that cannot be used: " + office.body());
    }

    @Test
    void theCheckOfAFilledFormAnswersInTheReadersLanguage() {
        String bad = "{\"email\":\"no-at-sign\",\"phone\":\"+7 912 345-67-89\"}";
        HttpResponse<String> byHeader = server.send(HttpRequest.newBuilder(server.uri("/api/v1/families/night-school/validate"))
                .header("Content-Type", "application/json").header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(bad)));
        assertEquals(422, byHeader.statusCode(), byHeader.body());
        assertTrue(byHeader.body().contains("Please check the form fields")
                && byHeader.body().contains("Enter an email address"), byHeader.body());

        HttpResponse<String> unknown = server.send(HttpRequest.newBuilder(
                        server.uri("/api/v1/families/night-school/validate?lang=xx"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bad)));
        assertEquals(422, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("Проверьте поля формы")
                && unknown.body().contains("Введите адрес электронной почты"), unknown.body());
    }

    /** A declaration submitted through the form; its id. */
    private static String submitted(TestSessions.Session session, String program) {
        HttpResponse<String> submitted = post("/apply/night", session, good(program));
        assertEquals(303, submitted.statusCode(), submitted.body());
        String location = submitted.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("/office/declarations/") + "/office/declarations/".length(),
                location.indexOf('?'));
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

    private static HttpResponse<String> uploadTo(String id, TestSessions.Session session, String name, byte[] content) {
        return upload("/office/declarations/" + id + "/documents", session, "filename=\"" + name + "\"", content);
    }

    private static HttpResponse<String> upload(String path, TestSessions.Session session, String fileName,
            byte[] content) {
        return upload(path, session, fileName, content, StandardCharsets.UTF_8);
    }

    /** A multipart upload whose part names the file as {@code fileName} says, in the header bytes of {@code charset}. */
    private static HttpResponse<String> upload(String path, TestSessions.Session session, String fileName,
            byte[] content, java.nio.charset.Charset charset) {
        String boundary = "----matricula" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; " + fileName
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(charset);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return server.send(HttpRequest.newBuilder(server.uri(path))
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
