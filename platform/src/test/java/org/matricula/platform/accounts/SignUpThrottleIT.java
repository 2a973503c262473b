package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;

/** One client address opens a limited number of accounts an hour, through the API and the page alike. */
class SignUpThrottleIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of("accounts.sign-ups-per-hour", "3"));

    @Test
    void anAddressPastItsSignUpsOfTheHourIsToldWhenToComeBack() {
        assertEquals(422, signUp("not-an-address").statusCode(), "a refused sign-up is not counted");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> created = signUp("new-" + UUID.randomUUID() + "@example.org");
            assertEquals(201, created.statusCode(), created.body());
        }
        String email = "one-too-many-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> refused = signUp(email);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Too many accounts were opened from your address"), refused.body());
        assertEquals(0L, (long) server.platform().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM accounts WHERE email = :email").bind("email", email).mapTo(Long.class).one()));
        for (String[] forwarding : new String[][] {{"X-Forwarded-For", "198.51.100.7"},
            {"Forwarded", "for=198.51.100.8"}}) {
            HttpResponse<String> spoofed = signUp("spoofed-" + UUID.randomUUID() + "@example.org", forwarding);
            assertEquals(429, spoofed.statusCode(), "no proxy is trusted by default: " + forwarding[0]);
        }

        HttpResponse<String> form = server.get("/signup?lang=en");
        String csrf = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("matricula_csrf="))
                .map(c -> c.substring("matricula_csrf=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        HttpResponse<String> page = server.send(HttpRequest.newBuilder(server.uri("/signup?lang=en"))
                .header("Cookie", "matricula_csrf=" + csrf).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=page-" + UUID.randomUUID() + "%40example.org"
                        + "&password=right-password-2026&displayName=Page&_csrf=" + csrf)));
        assertEquals(429, page.statusCode(), page.body());
        assertTrue(page.body().contains("Too many accounts were opened from your address"), page.body());
    }

    private static HttpResponse<String> signUp(String email, String... headerAndValue) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/auth/signup?lang=en"))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headerAndValue.length; i += 2) {
            request.header(headerAndValue[i], headerAndValue[i + 1]);
        }
        return server.send(request.POST(HttpRequest.BodyPublishers.ofString("{\"email\":\""
                + email + "\",\"password\":\"right-password-2026\",\"displayName\":\"Тест\"}")));
    }
}
