package org.matricula.platform.testing;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.accounts.SecretTokens;

/**
 * Signed-in users for HTTP tests, made directly in the database: an account of the role and a
 * live session row keyed by the digest of the cookie value, as the platform stores it.
 */
public final class TestSessions {

    /** A session cookie and its CSRF token, with request builders that carry them. */
    public record Session(UUID accountId, String cookie, String csrf, RunningPlatform server) {

        public HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(server.uri(path)).header("Cookie", "matricula_session=" + cookie);
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
        return open(server, "ADMIN");
    }

    public static Session applicant(RunningPlatform server) {
        return open(server, "APPLICANT");
    }

    private static Session open(RunningPlatform server, String role) {
        Jdbi jdbi = server.platform().database().jdbi();
        String cookie = SecretTokens.newToken();
        String csrf = SecretTokens.newToken();
        UUID accountId = jdbi.withHandle(handle -> {
            UUID id = handle.createQuery("""
                    INSERT INTO accounts (email, password_hash, role, display_name, verified_at)
                    VALUES (:email, 'not-a-hash', :role, 'Test', now()) RETURNING id""")
                    .bind("email", role.toLowerCase() + "-" + UUID.randomUUID() + "@example.org")
                    .bind("role", role).mapTo(UUID.class).one();
            handle.createUpdate("""
                    INSERT INTO sessions (id, account_id, csrf_token, expires_at)
                    VALUES (:id, :account, :csrf, now() + interval '1 hour')""")
                    .bind("id", SecretTokens.digest(cookie)).bind("account", id).bind("csrf", csrf).execute();
            return id;
        });
        return new Session(accountId, cookie, csrf, server);
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
