package org.matricula.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.matricula.platform.plugins.fixtures.RecordingListener;
import org.matricula.platform.testing.Eventually;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.testing.TestSessions;

/**
 * Two platform nodes on one database, as behind a load balancer: every side effect happens once
 * whichever node took the request and whichever node's worker picked it up, and a session made
 * on one node is good on the other.
 */
class TwoNodesIT {

    private static final String FAMILY = "twonodes";
    private static final String ADMIN_EMAIL = "dean@example.org";
    private static final String ADMIN_PASSWORD = "Correct-horse-battery-42";
    private static final List<String> DIGEST_TO = List.of("office@example.org", "head@example.org");
    private static final int PER_NODE = 10;
    private static final long DIGEST_PERIOD_MS = 1000;

    static GreenMail smtp;
    static RunningPlatform nodeA;
    static RunningPlatform nodeB;
    static Jdbi jdbi;

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Map<String, String> shared = new HashMap<>(Map.of("db.url", TestPostgres.newDatabase(),
                "mail.smtp.host", "127.0.0.1", "mail.smtp.port", Integer.toString(smtp.getSmtp().getPort()),
                "outbox.poll-interval", "100ms", "notify.digest-period", DIGEST_PERIOD_MS + "ms"));
        Map<String, String> first = new HashMap<>(shared);
        first.put("admin.initial-email", ADMIN_EMAIL);
        first.put("admin.initial-password", ADMIN_PASSWORD);
        nodeA = RunningPlatform.start(first);
        nodeB = RunningPlatform.start(shared);
        jdbi = nodeA.platform().database().jdbi();
        // The same plugins on both nodes; the second finds the plugin's schema already migrated.
        for (RunningPlatform node : List.of(nodeA, nodeB)) {
            PluginJar.plugin(FAMILY, "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                    .extension(RecordingListener.class)
                    .resource("db/migration/" + FAMILY + "/V1__deliveries.sql", """
                            CREATE TABLE deliveries (delivery bigserial PRIMARY KEY, event_id uuid NOT NULL,
                                                     number text NOT NULL);""")
                    .writeTo(node.pluginsDir(), FAMILY + ".jar");
            await(() -> node.get("/api/families/" + FAMILY).statusCode() == 200, "plugin started on a node");
        }
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("nodes", "Два узла", "", FAMILY, true,
                String.join(", ", DIGEST_TO), ""));
        Program program = catalog.createProgram(new ProgramInput("physics", "Физика", "", true, "", false));
        catalog.link(project.id(), program.id());
    }

    @AfterAll
    static void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
        smtp.stop();
    }

    @Test
    void declarationsThroughBothNodesMailNotifyAndDigestExactlyOnce() throws Exception {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 2 * PER_NODE; i++) {
            RunningPlatform node = i % 2 == 0 ? nodeA : nodeB;
            numbers.add(submit(node, "pupil-" + i + "-" + UUID.randomUUID() + "@example.org"));
            Thread.sleep(150); // spread over a few digest periods
        }
        int total = numbers.size();

        await(() -> confirmations(numbers).values().stream().allMatch(count -> count >= 1), "every confirmation");
        await(() -> deliveries() >= total, "every plugin event");
        try {
            await(() -> DIGEST_TO.stream().allMatch(to -> reportedIn(digests(to)) >= total),
                    "every declaration digested");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + total + " declarations; mails received: "
                    + Arrays.stream(smtp.getReceivedMessages()).map(TwoNodesIT::subject).toList(), e);
        }
        Thread.sleep(3 * DIGEST_PERIOD_MS); // room for any duplicate to arrive

        confirmations(numbers).forEach((number, count) -> assertEquals(1, count, "confirmations of " + number));
        assertEquals(total, deliveries(), "plugin deliveries");
        assertEquals(total, (int) jdbi.withHandle(h -> h.createQuery(
                "SELECT count(DISTINCT event_id) FROM " + FAMILY + ".deliveries").mapTo(Integer.class).one()));
        assertEquals(total, (int) jdbi.withHandle(h -> h.createQuery(
                "SELECT count(DISTINCT number) FROM " + FAMILY + ".deliveries").mapTo(Integer.class).one()));

        for (String to : DIGEST_TO) {
            List<Digest> digests = digests(to);
            assertEquals(total, reportedIn(digests), "each declaration in one digest to " + to + ": " + digests);
            for (String number : numbers) {
                assertEquals(1, digests.stream().filter(d -> d.body().contains(number)).count(),
                        number + " listed once for " + to);
            }
            List<Long> sent = jdbi.withHandle(h -> h.createQuery("""
                    SELECT (extract(epoch FROM created_at) * 1000)::bigint FROM outbox
                    WHERE kind = 'mail' AND payload->>'to' = :to ORDER BY created_at""")
                    .bind("to", to).mapTo(Long.class).list());
            assertEquals(digests.size(), sent.size(), "digests queued for " + to);
            for (int i = 1; i < sent.size(); i++) {
                // A digest a second node sent in the same period would follow within milliseconds.
                assertTrue(sent.get(i) - sent.get(i - 1) >= DIGEST_PERIOD_MS / 2,
                        "two digests to " + to + " in one period: " + sent);
            }
        }
        assertTrue(digests(DIGEST_TO.get(0)).size() >= 2, "the declarations spanned several periods");
        assertEquals(0, (int) jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM outbox WHERE status <> 'DONE'").mapTo(Integer.class).one()));
    }

    @Test
    void aSessionMadeOnOneNodeWorksOnTheOther() {
        HttpResponse<String> login = nodeA.send(HttpRequest.newBuilder(nodeA.uri("/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}")));
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("matricula_session=")).findFirst().orElseThrow()
                .split(";", 2)[0];
        String csrf = field(login.body(), "csrfToken");

        HttpResponse<String> me = nodeB.send(HttpRequest.newBuilder(nodeB.uri("/api/me")).header("Cookie", cookie));
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains(ADMIN_EMAIL), me.body());
        HttpResponse<String> dead = nodeB.send(HttpRequest.newBuilder(nodeB.uri("/api/v1/admin/outbox/dead"))
                .header("Cookie", cookie).header("X-CSRF-Token", csrf));
        assertEquals(200, dead.statusCode(), "admin rights and the CSRF token hold on the other node too");

        // Used on A too, so that both nodes keep it in memory.
        assertEquals(200, nodeA.send(HttpRequest.newBuilder(nodeA.uri("/api/me")).header("Cookie", cookie))
                .statusCode());

        HttpResponse<String> logout = nodeB.send(HttpRequest.newBuilder(nodeB.uri("/api/auth/logout"))
                .header("Cookie", cookie).header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, logout.statusCode(), logout.body());
        assertEquals(401, nodeB.send(HttpRequest.newBuilder(nodeB.uri("/api/me")).header("Cookie", cookie))
                .statusCode(), "at once on the node logged out on");
        Eventually.holds("logged out on B means logged out on A within a second", Duration.ofSeconds(1),
                () -> nodeA.send(HttpRequest.newBuilder(nodeA.uri("/api/me")).header("Cookie", cookie))
                        .statusCode() == 401);
    }

    @Test
    void aRoleTakenAwayOnOneNodeIsGoneOnTheOtherWithinASecond() {
        TestSessions.Session staff = TestSessions.admin(nodeB);
        TestSessions.Session admin = TestSessions.admin(nodeA);
        assertEquals(200, nodeB.send(adminPage(nodeB, staff)).statusCode(), "an admin on B, kept there");
        assertEquals(200, nodeA.send(adminPage(nodeA, staff)).statusCode(), "and on A");

        HttpResponse<String> demoted = nodeA.send(admin.json("/api/v1/admin/users/" + staff.accountId() + "/role")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"role\": \"APPLICANT\", \"projects\": [], \"organization\": \"\"}")));
        assertEquals(200, demoted.statusCode(), demoted.body());
        assertEquals(403, nodeA.send(adminPage(nodeA, staff)).statusCode(), "at once on the node that changed it");
        Eventually.holds("no longer an admin on B within a second", Duration.ofSeconds(1),
                () -> nodeB.send(adminPage(nodeB, staff)).statusCode() == 403);
    }

    private static HttpRequest.Builder adminPage(RunningPlatform node, TestSessions.Session session) {
        return HttpRequest.newBuilder(node.uri("/api/v1/admin/outbox/dead")).header("Cookie", session.cookie());
    }

    private static String submit(RunningPlatform node, String email) {
        TestSessions.Session applicant = TestSessions.applicant(node);
        HttpResponse<String> created = node.send(applicant.json("/api/me/declarations?lang=en")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"nodes\",\"program\":\"physics\","
                        + "\"values\":{\"email\":\"" + email + "\",\"phone\":\"+7 912 000-11-22\"}}")));
        assertEquals(201, created.statusCode(), created.body());
        return field(created.body(), "number");
    }

    /** How many received mails name each declaration number in their subject. */
    private static Map<String, Integer> confirmations(List<String> numbers) {
        Map<String, Integer> counts = new HashMap<>();
        numbers.forEach(number -> counts.put(number, 0));
        for (MimeMessage message : smtp.getReceivedMessages()) {
            String subject = subject(message);
            numbers.stream().filter(subject::contains).forEach(number -> counts.merge(number, 1, Integer::sum));
        }
        return counts;
    }

    private static int deliveries() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + FAMILY + ".deliveries")
                .mapTo(Integer.class).one());
    }

    record Digest(int declarations, String body) {
    }

    private static final Pattern DIGEST_COUNT = Pattern.compile("New declarations \\((\\d+)\\)");

    private static List<Digest> digests(String to) {
        List<Digest> digests = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            Matcher count = DIGEST_COUNT.matcher(subject(message));
            if (count.find() && addressedTo(message, to)) {
                digests.add(new Digest(Integer.parseInt(count.group(1)), body(message)));
            }
        }
        return digests;
    }

    private static int reportedIn(List<Digest> digests) {
        return digests.stream().mapToInt(Digest::declarations).sum();
    }

    private static boolean addressedTo(MimeMessage message, String to) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && List.of(recipients).stream().anyMatch(a -> a.toString().contains(to));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject() == null ? "" : message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage message) {
        try {
            Object content = message.getContent();
            return content instanceof String text ? text : com.icegreen.greenmail.util.GreenMailUtil.getBody(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertTrue(matcher.find(), name + " in " + json);
        return matcher.group(1);
    }

    @Test
    void aCatalogChangeOnOneNodeShowsOnTheOtherWithinASecond() throws Exception {
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.projectBySlug("nodes").orElseThrow();
        Program chemistry = catalog.createProgram(new ProgramInput("chemistry", "Химия", "", true, "", false));
        catalog.link(project.id(), chemistry.id());
        // Both nodes have read the catalog, so each keeps it in memory from here on.
        await(() -> nodeA.get("/api/v1/catalog").body().contains("Химия")
                && nodeB.get("/api/v1/catalog").body().contains("Химия"), "the new program on both nodes");

        TestSessions.Session admin = TestSessions.admin(nodeA);
        long changed = System.nanoTime();
        HttpResponse<String> renamed = nodeA.send(admin.json("/api/v1/admin/programs/" + chemistry.id())
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"code": "chemistry", "name": "Органическая химия", "description": "", "active": true,
                         "places": "", "waitlist": false}""")));
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertTrue(nodeA.get("/api/v1/catalog").body().contains("Органическая химия"), "at once on the node changed");
        while (!nodeB.get("/api/v1/catalog").body().contains("Органическая химия")) {
            assertTrue(System.nanoTime() - changed < 1_000_000_000L, "the other node shows the change within a second");
            Thread.sleep(20);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        // Generous: a loaded CI machine may take a while; the assertions after it are what count.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
