package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;

/** The first platform admin comes from the configuration, once; there is no default password. */
class FirstAdminIT {

    @Test
    void createdAtFirstStartAndIgnoredOnceAnAdminExists() {
        String db = TestPostgres.newDatabase();
        try (RunningPlatform first = RunningPlatform.start(Map.of("db.url", db,
                "admin.initial-email", "dean@example.org", "admin.initial-password", "dean-password-2026"))) {
            HttpResponse<String> login = logIn(first, "dean@example.org", "dean-password-2026");
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(login.body().contains("\"role\":\"ADMIN\""), login.body());
        }
        try (RunningPlatform second = RunningPlatform.start(Map.of("db.url", db,
                "admin.initial-email", "intruder@example.org", "admin.initial-password", "intruder-password"))) {
            assertEquals(422, logIn(second, "intruder@example.org", "intruder-password").statusCode(),
                    "a second admin is not created from leftover settings");
        }
    }

    @Test
    void noAdminWithoutConfigurationAndAWeakPasswordStopsTheStart() {
        String db = TestPostgres.newDatabase();
        try (RunningPlatform plain = RunningPlatform.start(Map.of("db.url", db))) {
            assertEquals(0, (int) plain.platform().database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM accounts").mapTo(Integer.class).one()));
        }
        IllegalStateException weak = assertThrows(IllegalStateException.class, () -> RunningPlatform.start(Map.of(
                "db.url", db, "admin.initial-email", "dean@example.org", "admin.initial-password", "short")));
        assertTrue(weak.getMessage().contains("password"), weak.getMessage());
    }

    private static HttpResponse<String> logIn(RunningPlatform server, String email, String password) {
        return server.send(HttpRequest.newBuilder(server.uri("/api/auth/login")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email
                + "\",\"password\":\"" + password + "\"}")));
    }
}
