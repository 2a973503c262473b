package org.matricula.platform.testing;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.web.SecretTokens;

/**
 * Signed-in users for HTTP tests, made directly in the database (signing in itself is tested
 * through its pages): an account of the role and a live session row keyed, as the platform keys
 * it, by the digest of the cookie value.
 */
public final class TestSessions {

    /** A session's account, cookie value and CSRF token, with request builders that carry them. */
    public record Session(UUID accountId, String email, String id, String csrf, RunningPlatform server) {

        /** The {@code Cookie} header value. */
        public String cookie() {
            return "matricula_session=" + id;
        }

        public HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(server.uri(path)).header("Cookie", cookie());
        }

        /** A JSON request with the CSRF header; without a body it is a GET. */
        public HttpRequest.Builder json(String path) {
            return request(path).header("Content-Type", "application/json").header("X-CSRF-Token", csrf);
        }

        /** An HTML form post carrying the CSRF token as the hidden field does. */
        public HttpRequest.Builder form(String path, String... namesAndValues) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("_csrf", csrf);
            for (int i = 0; i < namesAndValues.length; i += 2) {
                fields.put(namesAndValues[i], namesAndValues[i + 1]);
            }
            return request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
        }
    }

    private TestSessions() {
    }

    public static Session admin(RunningPlatform server) {
        return open(server.platform().database().jdbi(), "ADMIN", server);
    }

    public static Session applicant(RunningPlatform server) {
        return open(server.platform().database().jdbi(), "APPLICANT", server);
    }

    /** A signed-in account of any role (ADMIN, PROJECT_ADMIN, COORDINATOR, APPLICANT), given nothing in scope. */
    public static Session open(RunningPlatform server, String role) {
        return open(server.platform().database().jdbi(), role, server);
    }

    /** A session in a database without a running server (request builders are then unusable). */
    public static Session admin(Jdbi jdbi) {
        return open(jdbi, "ADMIN", null);
    }

    public static Session applicant(Jdbi jdbi) {
        return open(jdbi, "APPLICANT", null);
    }

    private static Session open(Jdbi jdbi, String role, RunningPlatform server) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@example.org";
        String cookie = SecretTokens.newToken();
        String csrf = SecretTokens.newToken();
        UUID accountId = jdbi.withHandle(handle -> {
            UUID id = handle.createQuery("""
                    INSERT INTO accounts (email, password_hash, role, display_name, verified_at)
                    VALUES (:email, 'not-a-hash', :role, 'Тест', now()) RETURNING id""")
                    .bind("email", email).bind("role", role).mapTo(UUID.class).one();
            handle.createUpdate("""
                    INSERT INTO sessions (id, account_id, csrf_token, expires_at)
                    VALUES (:id, :account, :csrf, now() + interval '1 hour')""")
                    .bind("id", SecretTokens.digest(cookie)).bind("account", id).bind("csrf", csrf).execute();
            return id;
        });
        return new Session(accountId, email, cookie, csrf, server);
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
