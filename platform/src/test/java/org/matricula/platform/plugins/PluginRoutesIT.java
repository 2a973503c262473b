package org.matricula.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.plugins.fixtures.PluginErrors;
import org.matricula.platform.plugins.fixtures.RoutesFixture;
import org.matricula.platform.plugins.fixtures.UnlistedRoutes;
import org.matricula.platform.testing.LogCapture;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;

/**
 * A plugin's own routes under /plugins/{id}/, from a real plugin JAR: access as each route
 * declares it (deny by default), the session's CSRF token on writes, pages in the platform's
 * layout, assets under a versioned path, and routes that follow the plugin's life.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginRoutesIT {

    private static final String ID = "routed";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static TestSessions.Session admin;
    static TestSessions.Session applicant;

    @BeforeAll
    static void install() throws Exception {
        install("1.0.0", "body { color: navy; }");
        admin = TestSessions.admin(server);
        applicant = TestSessions.applicant(server);
    }

    @Test
    @Order(1)
    void publicJsonRouteAnswersAnyoneAndKnowsTheCaller() {
        HttpResponse<String> anonymous = server.get("/plugins/routed/hello?lang=en");
        assertEquals(200, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(anonymous.body().contains("\"greeting\":\"hello\""), anonymous.body());
        assertTrue(anonymous.body().contains("\"role\":\"anonymous\""), anonymous.body());
        assertTrue(anonymous.body().contains("\"lang\":\"en\""), anonymous.body());
        assertTrue(anonymous.body().contains("\"asset\":\"/plugins/routed/assets/1.0.0/app.css\""), anonymous.body());
        assertTrue(get("/plugins/routed/hello", applicant).body().contains("\"role\":\"APPLICANT\""));
        assertEquals("{\"item\":\"42\"}", server.get("/plugins/routed/items/42").body());
        assertEquals(404, server.get("/plugins/routed/nothing-here").statusCode());
        assertEquals(404, server.get("/plugins/no-such-plugin/hello").statusCode());
    }

    @Test
    @Order(2)
    void adminPageIsInTheLayoutForAdminsOnly() {
        HttpResponse<String> page = get("/plugins/routed/stats", admin);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<h1>Статистика плагина</h1>"), page.body());
        assertTrue(page.body().contains("<p id=\"stats\">3 notes</p>"), page.body());
        assertTrue(page.body().contains("value=\"" + admin.csrf() + "\""), "the plugin's form carries the token");
        assertTrue(page.body().contains("</html>"));

        assertEquals(403, get("/plugins/routed/stats", applicant).statusCode(), "an applicant is not an admin");
        HttpResponse<String> api = server.send(HttpRequest.newBuilder(server.uri("/plugins/routed/stats"))
                .header("Accept", "application/json"));
        assertEquals(401, api.statusCode(), api.body());
        HttpResponse<String> browser = server.send(HttpRequest.newBuilder(server.uri("/plugins/routed/stats"))
                .header("Accept", "text/html"));
        assertEquals(303, browser.statusCode());
        assertTrue(browser.headers().firstValue("Location").orElse("").contains("/login?next=%2Fplugins%2Frouted%2Fstats"));
    }

    @Test
    @Order(3)
    void pagesThatAskForItAreInTheMenuOfTheRolesTheyLetIn() {
        HttpResponse<String> dashboard = get("/admin?lang=en", admin);
        assertTrue(dashboard.body().contains("href=\"/plugins/routed/stats\""), dashboard.body());
        assertTrue(dashboard.body().contains("Plugin figures"), dashboard.body());
        assertTrue(dashboard.body().contains("href=\"/plugins/routed/crm\""), "the admin is let into both");
        HttpResponse<String> pluginPage = get("/plugins/routed/stats?lang=ru", admin);
        assertTrue(pluginPage.body().contains("Статистика плагина</a>"), "the shell's menu on the plugin's own page");

        TestSessions.Session manager = TestSessions.open(server, "CRM_MANAGER");
        HttpResponse<String> crmPage = get("/plugins/routed/crm?lang=en", manager);
        assertEquals(200, crmPage.statusCode(), crmPage.body());
        assertTrue(crmPage.body().contains("<p id=\"crm\">for managers</p>"), crmPage.body());
        assertTrue(crmPage.body().contains("CRM plugin</a>"), "its own entry, marked in the menu");
        assertFalse(crmPage.body().contains("href=\"/plugins/routed/stats\""), "not a page a CRM manager may open");
        assertTrue(get("/plugins/routed/hello", manager).body().contains("\"role\":\"CRM_MANAGER\""));
        assertEquals(403, get("/plugins/routed/stats", manager).statusCode());
    }

    @Test
    @Order(4)
    void aRouteThatDeclaresNoAccessIsOpenToNobody() {
        assertEquals(403, get("/plugins/routed/closed", admin).statusCode());
        assertEquals(403, server.get("/plugins/routed/closed").statusCode());
    }

    @Test
    @Order(5)
    void writesNeedTheSessionsCsrfToken() {
        HttpResponse<String> forged = server.send(HttpRequest.newBuilder(server.uri("/plugins/routed/notes"))
                .header("Cookie", applicant.cookie()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("note=forged")));
        assertEquals(403, forged.statusCode(), forged.body());
        assertFalse(forged.body().contains("saved"));

        HttpResponse<String> form = server.send(HttpRequest.newBuilder(server.uri("/plugins/routed/notes"))
                .header("Cookie", applicant.cookie()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("note=first&_csrf=" + applicant.csrf())));
        assertEquals(201, form.statusCode(), form.body());
        assertTrue(form.body().contains("\"saved\":\"first\""), form.body());
        assertTrue(form.body().contains("\"by\":\"" + applicant.email() + "\""), form.body());

        HttpResponse<String> json = server.send(HttpRequest.newBuilder(server.uri("/plugins/routed/notes"))
                .header("Cookie", applicant.cookie()).header("X-CSRF-Token", applicant.csrf())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"second\"}")));
        assertEquals(201, json.statusCode(), json.body());
        assertTrue(json.body().contains("\"saved\":\"second\""), json.body());

        HttpResponse<String> broken = server.send(HttpRequest.newBuilder(server.uri("/plugins/routed/notes"))
                .header("Cookie", applicant.cookie()).header("X-CSRF-Token", applicant.csrf())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{not json")));
        assertEquals(400, broken.statusCode(), broken.body());

        HttpResponse<String> anonymous = server.send(HttpRequest.newBuilder(server.uri("/plugins/routed/notes"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"x\"}")));
        assertEquals(401, anonymous.statusCode(), anonymous.body());
    }

    @Test
    @Order(6)
    void aFailingHandlerIsA500InOneLogLineAndTheRestServes() {
        try (LogCapture capture = LogCapture.start()) {
            HttpResponse<String> boom = server.get("/plugins/routed/boom");
            assertEquals(500, boom.statusCode());
            assertFalse(boom.body().contains("the plugin broke"), "no internals for the caller: " + boom.body());
            List<ILoggingEvent> logged = capture.atLeast(Level.WARN);
            assertEquals(1, logged.size(), logged.toString());
            String line = logged.get(0).getFormattedMessage();
            assertTrue(line.contains("routed") && line.contains("1.0.0") && line.contains("GET /boom")
                    && line.contains("IllegalStateException: the plugin broke"), line);
            assertEquals(null, logged.get(0).getThrowableProxy(), "the trace only at DEBUG");
        }
        assertEquals(200, server.get("/plugins/routed/hello").statusCode());
    }

    @Test
    @Order(6)
    void aHandlerFailingWithAnErrorIsTheSame500InOneLogLineAndTheRestServes() throws Exception {
        HttpResponse<String> exception = server.get("/plugins/routed/boom?lang=en");
        for (String error : List.of("AssertionError", "StackOverflowError", "NoClassDefFoundError",
                "ExceptionInInitializerError")) {
            try (LogCapture capture = LogCapture.start()) {
                HttpResponse<String> failed = server.get("/plugins/routed/errors/" + error + "?lang=en");
                assertEquals(500, failed.statusCode(), error + ": " + failed.body());
                assertEquals(exception.headers().firstValue("Content-Type"), failed.headers().firstValue("Content-Type"));
                for (String field : List.of("type", "title", "status", "detail")) {
                    assertEquals(JSON.readTree(exception.body()).path(field), JSON.readTree(failed.body()).path(field),
                            failed.body());
                }
                assertFalse(failed.body().contains("expected") || failed.body().contains("com/example")
                        || failed.body().contains("crm.properties") || failed.body().contains("at org."), failed.body());
                List<ILoggingEvent> logged = capture.atLeast(Level.WARN);
                assertEquals(1, logged.size(), error + ": " + logged);
                String line = logged.get(0).getFormattedMessage();
                assertTrue(line.contains("routed 1.0.0") && line.contains("GET /errors/{error}")
                        && line.contains(error.equals("ExceptionInInitializerError") ? "crm.properties missing" : error),
                        line);
                assertEquals(null, logged.get(0).getThrowableProxy(), "the trace only at DEBUG");
            }
        }
        assertEquals(200, server.get("/plugins/routed/hello").statusCode());
    }

    @Test
    @Order(7)
    void assetsAreServedUnderTheVersionAndKeptByBrowsers() {
        HttpResponse<String> css = server.get("/plugins/routed/assets/1.0.0/app.css");
        assertEquals(200, css.statusCode(), css.body());
        assertEquals("body { color: navy; }", css.body());
        assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        assertTrue(css.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
        HttpResponse<String> old = server.get("/plugins/routed/assets/0.9.0/app.css");
        assertEquals(302, old.statusCode());
        assertTrue(old.headers().firstValue("Location").orElse("").endsWith("/plugins/routed/assets/1.0.0/app.css"));
        assertEquals(404, server.get("/plugins/routed/assets/1.0.0/missing.css").statusCode());
    }

    @Test
    @Order(8)
    void routesFollowThePluginsLife() throws Exception {
        server.platform().plugins().disable(ID);
        assertEquals(404, server.get("/plugins/routed/hello").statusCode(), "disabled: its paths are gone");
        assertFalse(get("/admin", admin).body().contains("/plugins/routed/stats"), "and its menu entries");
        assertEquals(404, server.get("/plugins/routed/assets/1.0.0/app.css").statusCode());
        assertEquals(404, get("/plugins/routed/stats", admin).statusCode());

        server.platform().plugins().enable(ID);
        assertEquals(200, server.get("/plugins/routed/hello").statusCode(), "enabled again");

        install("2.0.0", "body { color: teal; }");
        HttpResponse<String> upgraded = server.get("/plugins/routed/hello");
        assertTrue(upgraded.body().contains("\"asset\":\"/plugins/routed/assets/2.0.0/app.css\""), upgraded.body());
        assertEquals("body { color: teal; }", server.get("/plugins/routed/assets/2.0.0/app.css").body());
        assertEquals(302, server.get("/plugins/routed/assets/1.0.0/app.css").statusCode());

        server.platform().plugins().remove(ID);
        assertEquals(404, server.get("/plugins/routed/hello").statusCode(), "removed");
    }

    @Test
    @Order(9)
    void aPluginFailingToListItsRoutesLeavesTheMenuAndAnswersItsOwnPathsWithA500() throws Exception {
        Path jar = PluginJar.plugin("unlisted", "1.0.0").requires(">=1.2.0 & <2.0.0").pluginClass(FixturePlugin.class)
                .extension(UnlistedRoutes.class).withClass(PluginErrors.class)
                .writeTo(Files.createTempDirectory("unlisted"), "unlisted.jar");
        try (InputStream in = Files.newInputStream(jar)) {
            assertEquals("STARTED", server.platform().plugins().install("unlisted.jar", in).plugin().state());
        }
        try (LogCapture capture = LogCapture.start()) {
            HttpResponse<String> dashboard = get("/admin?lang=en", admin);
            assertEquals(200, dashboard.statusCode(), dashboard.body());
            assertTrue(dashboard.body().contains("href=\"/admin/plugins\""), "the platform's own menu");
            List<ILoggingEvent> logged = capture.atLeast(Level.WARN);
            assertFalse(logged.isEmpty());
            assertTrue(logged.stream().allMatch(event -> event.getThrowableProxy() == null
                    && event.getFormattedMessage().contains("plugin unlisted 1.0.0 failed to list its routes:"
                    + " NoClassDefFoundError")), logged.toString());
        }
        try (LogCapture capture = LogCapture.start()) {
            HttpResponse<String> failed = server.get("/plugins/unlisted/anything");
            assertEquals(500, failed.statusCode(), failed.body());
            assertFalse(failed.body().contains("com/example") || failed.body().contains("at org."), failed.body());
            List<ILoggingEvent> logged = capture.atLeast(Level.WARN);
            assertEquals(1, logged.size(), logged.toString());
            assertTrue(logged.get(0).getFormattedMessage().contains("plugin unlisted 1.0.0 failed to list its routes"),
                    logged.get(0).getFormattedMessage());
        }
        server.platform().plugins().remove("unlisted");
    }

    private static HttpResponse<String> get(String path, TestSessions.Session session) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", session.cookie()));
    }

    private static void install(String version, String css) throws Exception {
        Path folder = Files.createTempDirectory("routed");
        Path jar = PluginJar.plugin(ID, version).requires(">=1.2.0 & <2.0.0").pluginClass(FixturePlugin.class)
                .extension(RoutesFixture.class).withClass(PluginErrors.class).resource("assets/routed/app.css", css)
                .writeTo(folder, ID + "-" + version + ".jar");
        try (InputStream in = Files.newInputStream(jar)) {
            assertEquals("STARTED", server.platform().plugins().install(ID + ".jar", in).plugin().state());
        }
    }
}
