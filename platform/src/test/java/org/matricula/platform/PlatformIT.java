package org.matricula.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.RunningPlatform;

/** The whole server on a free port over real PostgreSQL, seen only through HTTP. */
class PlatformIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());

    @Test
    void liveAndReady() {
        HttpResponse<String> live = server.get("/health/live");
        assertEquals(200, live.statusCode());
        assertTrue(live.body().contains("\"UP\""));

        HttpResponse<String> ready = server.get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"database\":\"UP\""), ready.body());
        assertTrue(ready.body().contains("\"migrations\":\"DONE\""), ready.body());
        assertTrue(ready.body().contains("\"plugins\":["), ready.body());
    }

    @Test
    void metricsInPrometheusTextWithJvmPoolAndRouteSeries() {
        server.get("/health/live");
        HttpResponse<String> metrics = server.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String body = metrics.body();
        assertTrue(body.contains("jvm_memory_used_bytes"), "JVM series");
        assertTrue(body.contains("hikaricp_connections"), "pool series");
        assertTrue(body.contains("http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/health/live\"}"),
                "route timer by template and status");
        assertTrue(body.contains("matricula_plugins"), "plugin state series");
    }

    @Test
    void unknownApiRouteIsProblemJsonWithRequestId() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/api/no-such-thing"))
                .header("X-Request-Id", "trace-42"));
        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"status\":404"), response.body());
        assertTrue(response.body().contains("\"requestId\":\"trace-42\""), response.body());
        assertEquals("trace-42", response.headers().firstValue("X-Request-Id").orElse(""));
    }

    @Test
    void browserRouteGetsFriendlyHtmlPage() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/no-such-page"))
                .header("Accept", "text/html,application/xhtml+xml"));
        assertEquals(404, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(response.body().contains("<h1>404"), response.body());
        assertTrue(response.body().contains("главную страницу"), response.body());
        assertFalse(response.body().contains("Exception"), "no stack trace");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : new String[] {"/health/live", "/no-such-page", "/api/families"}) {
            HttpResponse<String> response = server.get(path);
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'"), path);
            assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(""), path);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("same-origin", response.headers().firstValue("Referrer-Policy").orElse(""), path);
        }
    }

    @Test
    void generatedRequestIdIsReturned() {
        HttpResponse<String> response = server.get("/health/live");
        String id = response.headers().firstValue("X-Request-Id").orElse("");
        assertEquals(16, id.length(), id);
    }

    @Test
    void adminApiNeedsTheToken() {
        HttpResponse<String> anonymous = server.get("/api/admin/plugins");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("Bearer <admin.token>"), anonymous.body());

        HttpResponse<String> wrong = server.send(HttpRequest.newBuilder(server.uri("/api/admin/plugins"))
                .header("Authorization", "Bearer wrong-token-wrong-token"));
        assertEquals(401, wrong.statusCode());

        HttpResponse<String> admin = server.send(server.admin("/api/admin/plugins"));
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(admin.body().startsWith("["), admin.body());
    }

    @Test
    void wrongMethodIsA405Problem() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/health/live"))
                .DELETE());
        assertEquals(405, response.statusCode());
        assertTrue(response.body().contains("\"status\":405"), response.body());
    }

    @Test
    void adminApiClosedWithoutConfiguredToken() {
        try (RunningPlatform closed = RunningPlatform.start(Map.of("admin.token", ""))) {
            HttpResponse<String> response = closed.send(closed.admin("/api/admin/plugins"));
            assertEquals(403, response.statusCode());
            assertTrue(response.body().contains("admin.token"), response.body());
        }
    }

    @Test
    void portInUseStopsTheStartWithAClearMessage() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> RunningPlatform.start(Map.of("http.port", Integer.toString(server.platform().port()))));
        assertTrue(error.getMessage().contains("Cannot listen on"), error.getMessage());
    }
}
