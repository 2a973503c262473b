package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.DurableCommits;
import org.matricula.platform.testing.Eventually;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.web.SecretTokens;

/**
 * Sessions end on logging out everywhere, and a week after log-in however busy they are; an idle
 * one is extended when used again, at most once a minute.
 */
class SessionLifetimeIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());

    @Test
    void loggingOutEverywhereEndsEverySessionOfTheAccount() {
        signUp("everywhere@example.org");
        String[] laptop = logIn("everywhere@example.org");
        String[] phone = logIn("everywhere@example.org");
        assertEquals(200, me(phone[0]).statusCode());

        HttpResponse<String> out = server.send(HttpRequest.newBuilder(server.uri("/api/auth/logout-everywhere"))
                .header("Cookie", "matricula_session=" + laptop[0]).header("X-CSRF-Token", laptop[1])
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, out.statusCode(), out.body());
        assertEquals(401, me(laptop[0]).statusCode());
        assertEquals(401, me(phone[0]).statusCode(), "the other device is logged out too");
    }

    @Test
    void aSessionEndsAWeekAfterLogInEvenWhenInUse() {
        signUp("busy@example.org");
        String[] session = logIn("busy@example.org");
        assertEquals(200, me(session[0]).statusCode());
        server.platform().database().jdbi().useHandle(h -> h.execute(
                "UPDATE sessions SET created_at = now() - interval '8 days', last_seen_at = now() "
                        + "WHERE id = ?", SecretTokens.digest(session[0])));
        // Changed by SQL, not by the platform: the node hears of it from the database a moment later.
        Eventually.holds("refused once past its absolute end", () -> me(session[0]).statusCode() == 401);
    }

    @Test
    void anIdleSessionIsExtendedWhenUsedAgainButNeverPastItsAbsoluteEnd() {
        signUp("idle@example.org");
        String[] session = logIn("idle@example.org");
        String key = SecretTokens.digest(session[0]);
        setTimes(key, "now() - interval '1 hour'", "now() - interval '2 minutes'", "now() + interval '1 hour'");
        assertEquals(200, me(session[0]).statusCode());
        assertEquals(List.of(true, true), times(key, "last_seen_at > now() - interval '10 seconds'",
                "expires_at > now() + interval '11 hours'"), "used after two idle minutes: extended");

        setTimes(key, "now() - interval '1 hour'", "now() - interval '30 seconds'", "now() + interval '1 hour'");
        assertEquals(200, me(session[0]).statusCode());
        assertEquals(List.of(true, true), times(key, "last_seen_at < now() - interval '20 seconds'",
                "expires_at < now() + interval '2 hours'"), "used again within the minute: not written");

        setTimes(key, "now() - interval '167 hours'", "now() - interval '2 minutes'", "now() + interval '10 minutes'");
        Eventually.holds("extended only up to a week after log-in", () -> me(session[0]).statusCode() == 200
                && times(key, "expires_at = created_at + interval '168 hours'",
                        "last_seen_at > now() - interval '10 seconds'").equals(List.of(true, true)));
    }

    @Test
    void anExtensionAloneCommitsWithoutWaitingForTheDiskAndTheNextStatementIsDurableAgain() throws Exception {
        signUp("extended@example.org");
        String[] session = logIn("extended@example.org");
        String key = SecretTokens.digest(session[0]);
        DurableCommits.on(server.platform().database().jdbi(), handle -> {
            setTimes(key, "now() - interval '1 hour'", "now() - interval '2 minutes'", "now() + interval '1 hour'");
            handle.useTransaction(inside -> {
                assertTrue(Sessions.live(inside.getConnection(), key, Instant.now()).isPresent());
                assertEquals("off", DurableCommits.setting(inside), "the extension's own transaction");
            });
            assertEquals("on", DurableCommits.setting(handle), "the transaction after it");

            setTimes(key, "now() - interval '1 hour'", "now() - interval '2 minutes'", "now() + interval '1 hour'");
            assertTrue(Sessions.live(handle.getConnection(), key, Instant.now()).isPresent());
            assertEquals("on", DurableCommits.setting(handle),
                    "a statement run after it on the same connection, as a submission is, commits durably");
            assertEquals(List.of(true), times(key, "last_seen_at > now() - interval '10 seconds'"), "extended");
        });
    }

    @Test
    void aSessionEndedInTheDatabaseIsRefusedWithinASecondThoughTheNodeKeptIt() {
        signUp("ended@example.org");
        String[] session = logIn("ended@example.org");
        assertEquals(200, me(session[0]).statusCode());
        assertEquals(200, me(session[0]).statusCode(), "kept by the node from here on");
        server.platform().database().jdbi().useHandle(h -> h.execute("DELETE FROM sessions WHERE id = ?",
                SecretTokens.digest(session[0])));
        Eventually.holds("refused within a second", Duration.ofSeconds(1), () -> me(session[0]).statusCode() == 401);
    }

    @Test
    void afterTheConnectionHearingOfChangesIsLostTheNodeHearsThemAgain() {
        signUp("reconnected@example.org");
        String[] session = logIn("reconnected@example.org");
        assertEquals(200, me(session[0]).statusCode());
        Jdbi jdbi = server.platform().database().jdbi();
        int ended = jdbi.withHandle(h -> h.createQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND query LIKE 'LISTEN%'").mapTo(Integer.class).one());
        assertEquals(1, ended, "one connection listens");
        Eventually.holds("listening again", () -> jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM "
                + "pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'")
                .mapTo(Integer.class).one()) == 1);

        assertEquals(200, me(session[0]).statusCode());
        assertEquals(200, me(session[0]).statusCode(), "kept again");
        jdbi.useHandle(h -> h.execute("DELETE FROM sessions WHERE id = ?", SecretTokens.digest(session[0])));
        Eventually.holds("refused within a second", Duration.ofSeconds(1), () -> me(session[0]).statusCode() == 401);
    }

    private static void setTimes(String key, String created, String lastSeen, String expires) {
        server.platform().database().jdbi().useHandle(h -> h.execute("UPDATE sessions SET created_at = " + created
                + ", last_seen_at = " + lastSeen + ", expires_at = " + expires + " WHERE id = ?", key));
    }

    private static List<Boolean> times(String key, String... conditions) {
        return server.platform().database().jdbi().withHandle(h -> h.createQuery("SELECT "
                + String.join(", ", conditions) + " FROM sessions WHERE id = :id").bind("id", key)
                .map((rs, ctx) -> {
                    List<Boolean> answers = new ArrayList<>();
                    for (int i = 1; i <= conditions.length; i++) {
                        answers.add(rs.getBoolean(i));
                    }
                    return answers;
                }).one());
    }

    private static HttpResponse<String> me(String cookie) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/me")).header("Cookie", "matricula_session=" + cookie));
    }

    private static void signUp(String email) {
        server.send(HttpRequest.newBuilder(server.uri("/api/auth/signup")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                        + "\",\"password\":\"right-password-2026\",\"displayName\":\"Тест\"}")));
    }

    /** The session cookie value and the CSRF token of a fresh log-in. */
    private static String[] logIn(String email) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"right-password-2026\"}")));
        assertEquals(200, response.statusCode(), response.body());
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("matricula_session=")).findFirst().orElseThrow();
        Matcher csrf = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(response.body());
        csrf.find();
        return new String[] {cookie.substring("matricula_session=".length(), cookie.indexOf(';')), csrf.group(1)};
    }
}
