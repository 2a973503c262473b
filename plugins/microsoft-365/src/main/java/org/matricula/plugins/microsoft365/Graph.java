package org.matricula.plugins.microsoft365;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.matricula.api.PluginContext;
import org.matricula.api.actions.ActionFailure;

/**
 * Microsoft Graph v1.0 as an application calls it (no signed-in user): an access token from the
 * Microsoft identity platform's client-credentials grant
 * ({@code POST {login-url}/{tenant}/oauth2/v2.0/token}, {@code scope=https://graph.microsoft.com/.default}),
 * kept until shortly before it expires, and JSON requests to {@code {graph-url}/v1.0/...} with it.
 *
 * <p>Settings ({@code plugin.microsoft-365.<key>}): {@code tenant-id}, {@code client-id},
 * {@code client-secret}, {@code domain}, and for tests or national clouds {@code graph-url}
 * (default {@code https://graph.microsoft.com}), {@code login-url} (default
 * {@code https://login.microsoftonline.com}), {@code timeout} (seconds, default 15).
 *
 * <p>Failures: throttling (429), Graph's own trouble (5xx), timeouts and an unreachable service are
 * retryable, with Graph's {@code Retry-After} in the message; any other 4xx is not. A message
 * holds Graph's error code and text, never the client secret nor a password.
 */
final class Graph {

    static final String DEFAULT_GRAPH = "https://graph.microsoft.com";
    static final String DEFAULT_LOGIN = "https://login.microsoftonline.com";
    static final ObjectMapper JSON = new ObjectMapper();
    /** A token is renewed this long before Graph would refuse it. */
    private static final Duration EARLY = Duration.ofMinutes(5);

    /** An answer of Graph: its status, its JSON body (a missing node when empty or not JSON) and headers. */
    record Answer(int status, JsonNode body, HttpResponse<String> response) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** Graph's {@code error.code} and {@code error.message}, joined. */
        String error() {
            JsonNode error = body.path("error");
            if (error.isTextual()) { // the token endpoint: {"error": "...", "error_description": "..."}
                String description = body.path("error_description").asText("");
                int line = description.indexOf('\n');
                description = line < 0 ? description : description.substring(0, line);
                return (error.asText() + ": " + description.strip()).strip();
            }
            String code = error.path("code").asText("");
            String message = error.path("message").asText("");
            return code.isEmpty() && message.isEmpty() ? "" : (code + ": " + message).strip();
        }
    }

    private record Token(String value, Instant renewAt) {
    }

    private final PluginContext context;
    private final String graph;
    private final String login;
    private final String tenant;
    private final String clientId;
    private final String secret;
    private final String domain;
    private final Duration timeout;
    private volatile Token token;

    Graph(PluginContext context) {
        this.context = context;
        this.graph = trimSlash(context.config("graph-url", DEFAULT_GRAPH));
        this.login = trimSlash(context.config("login-url", DEFAULT_LOGIN));
        this.tenant = context.config("tenant-id", "").strip();
        this.clientId = context.config("client-id", "").strip();
        this.secret = context.config("client-secret", "").strip();
        this.domain = context.config("domain", "").strip().toLowerCase(java.util.Locale.ROOT);
        this.timeout = Duration.ofSeconds(Long.parseLong(context.config("timeout", "15").strip()));
    }

    /** Whether the tenant, the application's id and secret and the users' domain are set. */
    boolean configured() {
        return !tenant.isEmpty() && !clientId.isEmpty() && !secret.isEmpty() && !domain.isEmpty();
    }

    /** The verified domain of the tenant new users' names end with, e.g. {@code school.example}. */
    String domain() {
        return domain;
    }

    PluginContext context() {
        return context;
    }

    /** Fails with a retryable failure (run again once set up) while the settings are missing. */
    void requireConfigured() throws ActionFailure {
        if (!configured()) {
            throw new ActionFailure("Microsoft 365 is not configured: set plugin.microsoft-365.tenant-id, "
                    + "client-id, client-secret and domain", true);
        }
    }

    Answer get(String path, String what) throws ActionFailure {
        return send("GET", path, null, what);
    }

    Answer post(String path, JsonNode body, String what) throws ActionFailure {
        return send("POST", path, body, what);
    }

    /**
     * Sends a request to {@code {graph-url}/v1.0{path}} with the application's token. A 401 (a token
     * revoked or expired early) gets one new token and one more try. Any status is answered; only
     * transport failures throw.
     */
    Answer send(String method, String path, JsonNode body, String what) throws ActionFailure {
        Answer answer = once(method, path, body, what, bearer(false));
        if (answer.status() == 401) {
            answer = once(method, path, body, what, bearer(true));
        }
        return answer;
    }

    private Answer once(String method, String path, JsonNode body, String what, String bearer) throws ActionFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(graph + "/v1.0" + path))
                .version(HttpClient.Version.HTTP_1_1).timeout(timeout)
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return exchange(request.build(), what);
    }

    /** The failure a non-2xx answer stands for; {@code redact} are texts that must not reach the run log. */
    ActionFailure failure(Answer answer, String what, String... redact) {
        int status = answer.status();
        boolean retryable = status == 429 || status == 408 || status >= 500;
        StringBuilder message = new StringBuilder("Microsoft Graph answered ").append(status).append(" to ").append(what);
        String error = answer.error();
        if (!error.isEmpty()) {
            message.append(": ").append(error.length() > 300 ? error.substring(0, 300) : error);
        }
        if (retryable) {
            Optional<String> after = answer.response().headers().firstValue("Retry-After");
            after.ifPresent(seconds -> message.append(" (retry after ").append(seconds.strip()).append(" s)"));
        }
        return new ActionFailure(redacted(message.toString(), redact), retryable);
    }

    /** The access token, fetched anew when {@code renew} or when the kept one is about to expire. */
    private String bearer(boolean renew) throws ActionFailure {
        Token kept = token;
        Instant now = context.clock().instant();
        if (!renew && kept != null && now.isBefore(kept.renewAt())) {
            return kept.value();
        }
        synchronized (this) {
            kept = token;
            if (!renew && kept != null && now.isBefore(kept.renewAt())) {
                return kept.value();
            }
            Map<String, String> form = Map.of("client_id", clientId, "client_secret", secret,
                    "scope", "https://graph.microsoft.com/.default", "grant_type", "client_credentials");
            String encoded = form.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .sorted().collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(login + "/"
                            + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "/oauth2/v2.0/token"))
                    .version(HttpClient.Version.HTTP_1_1).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(encoded, StandardCharsets.UTF_8)).build();
            Answer answer = exchange(request, "get an access token");
            String value = answer.body().path("access_token").asText("");
            if (!answer.ok() || value.isEmpty()) {
                ActionFailure failed = failure(answer, "get an access token");
                throw new ActionFailure(failed.getMessage().replace("Microsoft Graph", "Microsoft identity platform"),
                        failed.retryable());
            }
            long lifetime = answer.body().path("expires_in").asLong(3599);
            Duration early = Duration.ofSeconds(lifetime).compareTo(EARLY.multipliedBy(2)) > 0
                    ? EARLY : Duration.ofSeconds(lifetime / 2);
            token = new Token(value, now.plusSeconds(lifetime).minus(early));
            return value;
        }
    }

    private Answer exchange(HttpRequest request, String what) throws ActionFailure {
        HttpResponse<String> response;
        try {
            response = context.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException slow) {
            throw new ActionFailure("Microsoft 365 did not answer in " + timeout.toSeconds() + " s to " + what, true);
        } catch (IOException unreachable) {
            throw new ActionFailure("Microsoft 365 unreachable to " + what + ": " + unreachable.getClass().getSimpleName()
                    + (unreachable.getMessage() == null ? "" : " " + unreachable.getMessage()), true);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ActionFailure("interrupted while asking Microsoft 365 to " + what, true);
        }
        JsonNode body;
        try {
            String text = response.body();
            body = text == null || text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
        } catch (IOException notJson) {
            body = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), body == null ? MissingNode.getInstance() : body, response);
    }

    private String redacted(String message, String... more) {
        String result = secret.isEmpty() ? message : message.replace(secret, "***");
        for (String text : more) {
            if (text != null && !text.isEmpty()) {
                result = result.replace(text, "***");
            }
        }
        return result;
    }

    /** A path segment: a user's id or name, a team's id. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }

    /** A query parameter's value. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String trimSlash(String url) {
        String stripped = url.strip();
        return stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
