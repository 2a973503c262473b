package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;

/** Password guessing meets a lockout with a clear message, per account and per client address. */
class LoginThrottleIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightOne() {
        signUp("locked@example.org");
        for (int i = 0; i < LoginThrottle.PER_ACCOUNT; i++) {
            assertEquals(422, logIn("locked@example.org", "wrong-password-" + i).statusCode());
        }
        HttpResponse<String> locked = logIn("locked@example.org", "right-password-2026");
        assertEquals(429, locked.statusCode(), locked.body());
        assertTrue(locked.body().contains("Try again in"), locked.body());

        signUp("other@example.org");
        assertEquals(200, logIn("other@example.org", "right-password-2026").statusCode(),
                "another account is not locked by it");
    }

    @Test
    void aSuccessClearsTheAccountCount() {
        signUp("forgetful@example.org");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < LoginThrottle.PER_ACCOUNT - 1; i++) {
                assertEquals(422, logIn("forgetful@example.org", "nope-nope-nope").statusCode());
            }
            assertEquals(200, logIn("forgetful@example.org", "right-password-2026").statusCode());
        }
    }

    @Test
    void loginPageShowsTheLockoutBesideTheForm() {
        signUp("page@example.org");
        for (int i = 0; i < LoginThrottle.PER_ACCOUNT; i++) {
            logIn("page@example.org", "wrong-password-" + i);
        }
        HttpResponse<String> form = server.get("/login?lang=en");
        String csrf = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("matricula_csrf="))
                .map(c -> c.substring("matricula_csrf=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        HttpResponse<String> page = server.send(HttpRequest.newBuilder(server.uri("/login?lang=en"))
                .header("Cookie", "matricula_csrf=" + csrf).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=page%40example.org&password=right-password-2026"
                        + "&_csrf=" + csrf)));
        assertEquals(429, page.statusCode(), page.body());
        assertTrue(page.body().contains("Too many failed log-in attempts"), page.body());
    }

    private static void signUp(String email) {
        HttpResponse<String> response = post("/api/auth/signup", "{\"email\":\"" + email
                + "\",\"password\":\"right-password-2026\",\"displayName\":\"Тест\"}");
        assertTrue(response.statusCode() < 300, response.body());
    }

    private static HttpResponse<String> logIn(String email, String password) {
        return post("/api/auth/login?lang=en", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    private static HttpResponse<String> post(String path, String json) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}
