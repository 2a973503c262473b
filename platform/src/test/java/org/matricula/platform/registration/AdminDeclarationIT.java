package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestSessions;

/**
 * Declarations submitted through the JSON API and worked on by an admin, with the applicant's
 * mails delivered to a real SMTP server.
 */
class AdminDeclarationIT {

    static GreenMail smtp;
    static RunningPlatform server;
    static Jdbi jdbi;

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        server = RunningPlatform.start(Map.of("mail.smtp.host", "127.0.0.1",
                "mail.smtp.port", Integer.toString(smtp.getSmtp().getPort())));
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("day-school", "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/day-school/V1__notes.sql", "CREATE TABLE notes (note text);")
                .writeTo(server.pluginsDir(), "day-school.jar");
        server.awaitFamily("day-school");
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("day", "Дневная школа", "", "day-school", true, "",
                ""));
        Program program = catalog.createProgram(new ProgramInput("chemistry", "Химия", "", true, "", false));
        catalog.link(project.id(), program.id());
    }

    @AfterAll
    static void stop() {
        server.close();
        smtp.stop();
    }

    /**
     * The applicant is told at the address their account confirmed; the one typed into the form is
     * the declaration's data and gets nothing, or anyone signed in could have the platform mail any
     * address with a name of their choosing.
     */
    @Test
    void adminMovesADeclarationAndTheApplicantSeesAndIsToldEveryStep() throws Exception {
        TestSessions.Session applicant = TestSessions.applicant(jdbi);
        String typed = "pupil-" + applicant.accountId() + "@example.org";
        String email = applicant.email();
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/api/me/declarations?lang=en"))
                .header("Cookie", applicant.cookie()).header("X-CSRF-Token", applicant.csrf())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"day\",\"program\":\"chemistry\","
                        + "\"values\":{\"email\":\"" + typed + "\",\"phone\":\"+7 912 000-11-22\"}}")));
        assertEquals(201, created.statusCode(), created.body());
        String id = field(created.body(), "id");
        String number = field(created.body(), "number");
        assertTrue(awaitMail(email, "Declaration " + number + " received"), "confirmation mail");
        assertTrue(created.body().contains("\"email\":\"" + typed + "\""), "the typed address is kept as data");

        TestSessions.Session admin = TestSessions.admin(jdbi);
        String detail = get("/admin/declarations/" + id + "?lang=en", admin).body();
        assertTrue(detail.contains("+7 912 000-11-22"), detail);
        assertTrue(detail.contains("<th scope=\"row\">Phone</th>"), "values under their form labels");

        HttpResponse<String> wrongStep = post("/admin/declarations/" + id + "/status", admin,
                Map.of("status", "ENROLLED", "comment", ""));
        assertEquals(422, wrongStep.statusCode());
        assertTrue(wrongStep.body().contains("id=\"error-status\""));

        HttpResponse<String> accepted = post("/admin/declarations/" + id + "/status", admin,
                Map.of("status", "ACCEPTED", "comment", "Документы в порядке"));
        assertEquals(303, accepted.statusCode(), accepted.body());
        assertTrue(awaitMail(email, "Declaration " + number + ": Accepted"), "status mail");

        HttpResponse<String> enrolled = server.send(HttpRequest.newBuilder(
                server.uri("/api/v1/admin/declarations/" + id + "/status")).header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ENROLLED\",\"comment\":\"Добро пожаловать\"}")));
        assertEquals(200, enrolled.statusCode(), enrolled.body());

        String office = get("/office/declarations/" + id, applicant).body();
        assertTrue(office.contains("status-ENROLLED"), office);
        assertTrue(office.contains("Документы в порядке") && office.contains("Добро пожаловать"), "full history");
        assertTrue(awaitMail(email, "Declaration " + number + ": Enrolled"), "status mail");
        assertEquals(0, mailsTo(typed), "nothing to the address typed into the form");
    }

    /**
     * A staff member who fills in the form for someone from their own account (a paper form, a
     * visitor at the desk) owns that declaration, and its mails go to the address typed into it:
     * staff are trusted with the address, and the person should hear of their declaration.
     */
    @Test
    void aDeclarationStaffEnterForSomeoneIsMailedToTheAddressTypedIntoIt() throws Exception {
        TestSessions.Session staff = TestSessions.open(server, "PROJECT_ADMIN");
        String typed = "paper-form-" + staff.accountId() + "@example.org";
        HttpResponse<String> created = server.send(staff.json("/api/me/declarations?lang=en")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"day\",\"program\":\"chemistry\","
                        + "\"values\":{\"email\":\"" + typed + "\",\"phone\":\"+7 912 000-11-23\"}}")));
        assertEquals(201, created.statusCode(), created.body());
        String number = field(created.body(), "number");
        assertTrue(awaitMail(typed, "Declaration " + number + " received"), "confirmation to the person");
        assertEquals(staff.accountId().toString(), jdbi.withHandle(h -> h.createQuery(
                "SELECT account_id::text FROM declarations WHERE number = :number").bind("number", number)
                .mapTo(String.class).one()));
        assertEquals(0, mailsTo(staff.email()), "nothing to the staff member's own address");
    }

    /**
     * Who filled a declaration in is settled when it is submitted: a staff member who leaves (their
     * role taken back) does not go on getting the mails of the visitors they entered, and an
     * applicant made staff later does not have the platform mail the address they typed as an
     * applicant.
     */
    @Test
    void aRoleGivenOrTakenLaterMovesNoDeclarationsMails() throws Exception {
        TestSessions.Session staff = TestSessions.open(server, "PROJECT_ADMIN");
        String visitor = "desk-visitor-" + staff.accountId() + "@example.org";
        String entered = submit(staff, visitor);
        TestSessions.Session applicant = TestSessions.applicant(server);
        String typed = "named-" + applicant.accountId() + "@example.org";
        String applied = submit(applicant, typed);

        TestSessions.Session admin = TestSessions.admin(server);
        assertEquals(200, server.send(admin.json("/api/v1/admin/users/" + staff.accountId() + "/role")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"APPLICANT\"}"))).statusCode());
        assertEquals(200, server.send(admin.json("/api/v1/admin/users/" + applicant.accountId() + "/role")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"CRM_MANAGER\"}"))).statusCode());
        String enteredNumber = accept(admin, entered);
        String appliedNumber = accept(admin, applied);

        assertTrue(awaitMail(visitor, "Declaration " + enteredNumber + ": Accepted"), "to the visitor still");
        assertTrue(awaitMail(applicant.email(), "Declaration " + appliedNumber + ": Accepted"),
                "to the applicant's own address still");
        assertEquals(0, mailsTo(staff.email()), "nothing to the former staff member");
        assertEquals(0, mailsTo(typed), "nothing to the address the applicant typed");
    }

    /** Submits a declaration through the API, {@code typed} as its e-mail; answers its id. */
    private static String submit(TestSessions.Session session, String typed) throws Exception {
        HttpResponse<String> created = server.send(session.json("/api/me/declarations?lang=en")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"day\",\"program\":\"chemistry\","
                        + "\"values\":{\"email\":\"" + typed + "\",\"phone\":\"+7 912 000-11-24\"}}")));
        assertEquals(201, created.statusCode(), created.body());
        return field(created.body(), "id");
    }

    /** Accepts the declaration through the admin API; answers its number. */
    private static String accept(TestSessions.Session admin, String id) {
        HttpResponse<String> accepted = server.send(admin.json("/api/v1/admin/declarations/" + id + "/status")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ACCEPTED\",\"comment\":\"\"}")));
        assertEquals(200, accepted.statusCode(), accepted.body());
        return field(accepted.body(), "number");
    }

    @Test
    void applicantCannotReachAdminPagesAndApiNeedsTheCsrfHeader() {
        TestSessions.Session applicant = TestSessions.applicant(jdbi);
        String someId = "00000000-0000-0000-0000-000000000000";
        assertEquals(403, get("/admin/declarations/" + someId, applicant).statusCode());
        assertEquals(403, get("/api/v1/admin/declarations/" + someId, applicant).statusCode());
        HttpResponse<String> noHeader = server.send(HttpRequest.newBuilder(server.uri("/api/me/declarations"))
                .header("Cookie", applicant.cookie()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"day\",\"program\":\"chemistry\"}")));
        assertEquals(403, noHeader.statusCode(), noHeader.body());
    }

    @Test
    void apiSubmissionWithBadValuesAnswersAMessagePerField() {
        TestSessions.Session applicant = TestSessions.applicant(jdbi);
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(
                server.uri("/api/me/declarations?lang=en")).header("Cookie", applicant.cookie())
                .header("X-CSRF-Token", applicant.csrf()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"project\":\"day\",\"program\":\"chemistry\",\"values\":{\"email\":\"x\"}}")));
        assertEquals(422, response.statusCode());
        assertTrue(response.body().contains("\"field\":\"email\"") && response.body().contains("\"field\":\"phone\""),
                response.body());
    }

    @Test
    void profileApiChecksWhatIsFilledAndKeepsWhatIsNotSent() {
        TestSessions.Session me = TestSessions.applicant(server);
        HttpResponse<String> bad = server.send(me.json("/api/me/profile?lang=en")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"snils\":\"112-233-445 96\",\"lastName\":\"Иванова\"}")));
        assertEquals(422, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("\"field\":\"snils\""), bad.body());
        assertEquals("{}", server.send(me.json("/api/me/profile")).body(), "nothing saved on error");

        server.send(me.json("/api/me/profile").PUT(HttpRequest.BodyPublishers.ofString(
                "{\"snils\":\"112-233-445 95\",\"lastName\":\"Иванова\"}")));
        HttpResponse<String> saved = server.send(me.json("/api/me/profile").PUT(HttpRequest.BodyPublishers.ofString(
                "{\"phone\":\"+7 912 345-67-89\",\"lastName\":\"\"}")));
        assertEquals(200, saved.statusCode(), saved.body());
        assertTrue(saved.body().contains("112-233-445 95") && saved.body().contains("+7 912 345-67-89"), saved.body());
        assertTrue(!saved.body().contains("lastName"), "a blank value clears the field");
        HttpResponse<String> nulled = server.send(me.json("/api/me/profile").PUT(HttpRequest.BodyPublishers.ofString(
                "{\"phone\":null}")));
        assertEquals(422, nulled.statusCode(), nulled.body());
        assertTrue(nulled.body().contains("\"field\":\"phone\""), nulled.body());
    }

    @Test
    void documentsThroughTheApiForTheApplicantAndTheAdmin() {
        TestSessions.Session applicant = TestSessions.applicant(server);
        HttpResponse<String> created = server.send(applicant.json("/api/me/declarations")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"day\",\"program\":\"chemistry\","
                        + "\"values\":{\"email\":\"docs@example.org\",\"phone\":\"+7 912 000-11-22\"}}")));
        String id = field(created.body(), "id");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3};
        HttpResponse<String> uploaded = server.send(multipart(applicant.request("/api/me/declarations/" + id
                + "/documents").header("X-CSRF-Token", applicant.csrf()), "scan.png", png));
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        assertTrue(uploaded.body().contains("\"mediaType\":\"image/png\""), uploaded.body());
        String documentId = field(uploaded.body(), "id");

        TestSessions.Session stranger = TestSessions.applicant(server);
        assertEquals(404, server.send(stranger.request("/api/me/declarations/" + id + "/documents/" + documentId))
                .statusCode());

        TestSessions.Session admin = TestSessions.admin(server);
        HttpResponse<String> listed = server.send(admin.json("/api/v1/admin/declarations/" + id));
        assertTrue(listed.body().contains(documentId), listed.body());
        assertEquals(204, server.send(admin.json("/api/v1/admin/declarations/" + id + "/documents/" + documentId)
                .DELETE()).statusCode());
        assertEquals("[]", server.send(applicant.json("/api/me/declarations/" + id + "/documents")).body());
    }

    private static HttpRequest.Builder multipart(HttpRequest.Builder request, String name, byte[] content) {
        String boundary = "----matricula-test";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static long mailsTo(String to) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(address -> address.toString().equals(to));
            } catch (Exception e) {
                return false;
            }
        }).count();
    }

    private static boolean awaitMail(String to, String subject) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean found = Arrays.stream(smtp.getReceivedMessages()).anyMatch(message -> {
                try {
                    return message.getAllRecipients()[0].toString().equals(to)
                            && ((MimeMessage) message).getSubject().equals(subject)
                            && GreenMailUtil.getBody(message).length() > 0;
                } catch (Exception e) {
                    return false;
                }
            });
            if (found) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertTrue(matcher.find(), json);
        return matcher.group(1);
    }

    private static HttpResponse<String> get(String path, TestSessions.Session session) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", session.cookie()));
    }

    private static HttpResponse<String> post(String path, TestSessions.Session session, Map<String, String> values) {
        String body = values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")) + "&_csrf=" + session.csrf();
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", session.cookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
