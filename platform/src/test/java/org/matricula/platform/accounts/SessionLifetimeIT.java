package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.web.SecretTokens;

/** Sessions end on logging out everywhere, and a week after log-in however busy they are. */
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
        assertEquals(401, me(session[0]).statusCode());
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
