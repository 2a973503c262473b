package org.matricula.platform.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;

/** An admin sees the entries the outbox gave up on and puts them back in line, by API or on the mail log. */
class DeadLettersIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
    }

    @Test
    void deadMailIsListedRetriedThroughTheApiAndThenSent() throws Exception {
        long id = deadMail("late@example.org", "Dead letter via API");
        TestSessions.Session admin = TestSessions.admin(server);

        HttpResponse<String> list = server.send(admin.json("/api/v1/admin/outbox/dead"));
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"id\":" + id), list.body());
        assertTrue(list.body().contains("\"kind\":\"mail\"") && list.body().contains("\"attempts\":10")
                && list.body().contains("SMTP said no") && list.body().contains("\"created\":\""), list.body());

        HttpResponse<String> retried = server.send(admin.json("/api/v1/admin/outbox/" + id + "/retry")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals("DONE", awaitStatus(id, "DONE"), "processed by the worker after the retry");
        assertEquals(1, (int) jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM mail_log WHERE subject = 'Dead letter via API'").mapTo(Integer.class).one()));
        assertEquals(1, (int) jdbi.withHandle(h -> h.createQuery("SELECT attempts FROM outbox WHERE id = :id")
                .bind("id", id).mapTo(Integer.class).one()), "a fresh count of attempts");
        assertTrue(!server.send(admin.json("/api/v1/admin/outbox/dead")).body().contains("\"id\":" + id + ","));

        HttpResponse<String> again = server.send(admin.json("/api/v1/admin/outbox/" + id + "/retry")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(404, again.statusCode(), "only a dead entry can be retried");
        assertEquals(404, server.send(admin.json("/api/v1/admin/outbox/999999999/retry")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void mailLogShowsARetryButtonThatPutsTheEntryBackInLine() {
        long id = deadMail("form@example.org", "Dead letter via form");
        TestSessions.Session admin = TestSessions.admin(server);
        String page = server.send(admin.request("/admin/mail?lang=en")).body();
        assertTrue(page.contains("id=\"outbox-dead\"") && page.contains("action=\"/admin/outbox/" + id + "/retry\""),
                page);
        assertTrue(page.contains("name=\"_csrf\" value=\"" + admin.csrf() + "\""), "the form carries the token");

        HttpResponse<String> noToken = server.send(admin.request("/admin/outbox/" + id + "/retry")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=wrong")));
        assertEquals(403, noToken.statusCode());

        HttpResponse<String> retried = server.send(admin.form("/admin/outbox/" + id + "/retry"));
        assertEquals(303, retried.statusCode(), retried.body());
        assertTrue(retried.headers().firstValue("Location").orElse("").endsWith("/admin/mail"));
        assertEquals("DONE", awaitStatus(id, "DONE"));
    }

    @Test
    void onlyPlatformAdminsSeeOrRetryDeadLetters() {
        long id = deadMail("nobody@example.org", "Dead letter kept");
        TestSessions.Session applicant = TestSessions.applicant(server);
        assertEquals(403, server.send(applicant.json("/api/v1/admin/outbox/dead")).statusCode());
        assertEquals(403, server.send(applicant.json("/api/v1/admin/outbox/" + id + "/retry")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(403, server.send(applicant.form("/admin/outbox/" + id + "/retry")).statusCode());
        assertEquals(401, server.get("/api/v1/admin/outbox/dead").statusCode());
        TestSessions.Session admin = TestSessions.admin(server);
        assertEquals(403, server.send(admin.request("/api/v1/admin/outbox/" + id + "/retry")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "an API write needs the CSRF header");
        assertEquals("DEAD", status(id));
    }

    private static long deadMail(String to, String subject) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO outbox (kind, payload, status, attempts, last_error, next_attempt_at)
                VALUES ('mail', CAST(:payload AS jsonb), 'DEAD', 10, 'MessagingException: SMTP said no', now())
                RETURNING id""")
                .bind("payload", "{\"to\":\"" + to + "\",\"subject\":\"" + subject + "\",\"body\":\"Hello\"}")
                .mapTo(Long.class).one());
    }

    private static String status(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM outbox WHERE id = :id").bind("id", id)
                .mapTo(String.class).one());
    }

    private static String awaitStatus(long id, String wanted) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String status = status(id);
        while (!status.equals(wanted) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            status = status(id);
        }
        return status;
    }
}
