package org.matricula.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;

/** The plugin admin API and the public families API over HTTP, with real plugin JARs. */
class PluginAdminApiIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());

    @Test
    void uploadedPluginGoesLiveAndIsManagedAtRuntime(@TempDir Path uploads) throws IOException {
        Path jar = family("evening", "1.0.0").writeTo(uploads, "evening.jar");

        HttpResponse<String> installed = server.send(server.admin("/api/admin/plugins?fileName=evening.jar")
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar)));
        assertEquals(201, installed.statusCode(), installed.body());
        assertTrue(installed.body().contains("\"state\":\"STARTED\""), installed.body());

        String listed = server.send(server.admin("/api/admin/plugins")).body();
        assertTrue(listed.contains("\"id\":\"evening\"") && listed.contains("\"version\":\"1.0.0\""), listed);
        assertTrue(server.get("/api/families").body().contains("\"id\":\"evening\""));
        assertTrue(server.get("/api/families/evening").body().contains("\"type\":\"EMAIL\""));

        assertEquals(200, post("/api/admin/plugins/evening/disable").statusCode());
        assertFalse(server.get("/api/families").body().contains("\"id\":\"evening\""), "disabled family is hidden");
        assertEquals(404, server.get("/api/families/evening").statusCode());

        HttpResponse<String> enabled = post("/api/admin/plugins/evening/enable");
        assertTrue(enabled.body().contains("\"state\":\"STARTED\""), enabled.body());
        assertTrue(server.get("/api/families").body().contains("\"id\":\"evening\""));

        family("evening", "1.1.0").writeTo(server.pluginsDir(), "evening.jar");
        HttpResponse<String> reloaded = post("/api/admin/plugins/evening/reload");
        assertTrue(reloaded.body().contains("\"version\":\"1.1.0\""), reloaded.body());

        HttpResponse<String> removed = server.send(server.admin("/api/admin/plugins/evening").DELETE());
        assertEquals(204, removed.statusCode(), removed.body());
        assertFalse(server.send(server.admin("/api/admin/plugins")).body().contains("\"id\":\"evening\""));
        assertEquals(404, server.get("/api/families/evening").statusCode());
    }

    @Test
    void aRolledBackUpgradeOrARefusedNewPluginIsA422WithTheReasonAndARefusedEntryCanBeDeleted(@TempDir Path uploads)
            throws IOException {
        family("night-school", "1.1.0").writeTo(server.pluginsDir(), "night-school-1.1.0.jar");
        awaitFamily("night-school");

        HttpResponse<String> rolledBack = upload("night-school", family("night-school", "1.2.0")
                .resource("db/migration/night-school/V2__broken.sql", "ALTER TABLE no_such_table ADD x int;")
                .writeTo(uploads, "night-school-1.2.0.jar"));
        assertEquals(422, rolledBack.statusCode(), rolledBack.body());
        assertEquals("application/problem+json", rolledBack.headers().firstValue("Content-Type").orElse(""));
        assertTrue(rolledBack.body().contains("not upgraded to 1.2.0; version 1.1.0 stays installed")
                && rolledBack.body().contains("no_such_table"), rolledBack.body());
        String listed = server.send(server.admin("/api/admin/plugins/night-school")).body();
        assertTrue(listed.contains("\"version\":\"1.1.0\"") && listed.contains("\"state\":\"STARTED\""), listed);

        HttpResponse<String> upgraded = upload("night-school",
                family("night-school", "1.3.0").writeTo(uploads, "night-school-1.3.0.jar"));
        assertEquals(200, upgraded.statusCode(), upgraded.body());
        assertTrue(upgraded.body().contains("\"version\":\"1.3.0\""), upgraded.body());

        HttpResponse<String> impossible = upload("lang-school", PluginJar.plugin("lang-school", "1.0.0")
                .pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/language-school/V1__notes.sql", "CREATE TABLE notes (note text);")
                .writeTo(uploads, "lang-school.jar"));
        assertEquals(422, impossible.statusCode(), impossible.body());
        assertTrue(impossible.body().contains("not installed") && impossible.body().contains("db/migration/lang-school/"),
                impossible.body());
        assertTrue(server.send(server.admin("/api/admin/plugins")).body().contains("\"id\":\"lang-school\""));

        HttpResponse<String> forgotten = server.send(server.admin("/api/admin/plugins/lang-school").DELETE());
        assertEquals(204, forgotten.statusCode(), forgotten.body());
        assertFalse(server.send(server.admin("/api/admin/plugins")).body().contains("\"id\":\"lang-school\""));
        assertTrue(Files.isRegularFile(server.pluginsDir().resolve("refused/lang-school.jar")), "kept for inspection");
    }

    private static HttpResponse<String> upload(String id, Path jar) throws IOException {
        return server.send(server.admin("/api/admin/plugins?lang=en&fileName=" + id + ".jar")
                .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofFile(jar)));
    }

    @Test
    void garbageUploadIsA400ProblemAndChangesNothing() {
        String before = server.send(server.admin("/api/admin/plugins")).body();
        HttpResponse<String> response = server.send(server.admin("/api/admin/plugins?fileName=junk.jar")
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofString("this is not a jar")));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"detail\""), response.body());
        assertEquals(before, server.send(server.admin("/api/admin/plugins")).body());
    }

    @Test
    void platformAdminsManagePluginsWithTheirSessionOthersCannot() {
        TestSessions.Session admin = TestSessions.admin(server);
        assertEquals(200, server.send(admin.request("/api/admin/plugins")).statusCode());
        HttpResponse<String> noCsrf = server.send(admin.request("/api/admin/plugins/nobody/disable")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, noCsrf.statusCode(), "a session's write needs its CSRF token");
        assertEquals(404, server.send(admin.json("/api/admin/plugins/nobody/disable")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        TestSessions.Session applicant = TestSessions.applicant(server);
        assertEquals(403, server.send(applicant.request("/api/admin/plugins")).statusCode());
    }

    @Test
    void unknownPluginIsA404Problem() {
        HttpResponse<String> response = post("/api/admin/plugins/nobody/enable");
        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("nobody"), response.body());
    }

    @Test
    void formCheckAnswers422WithAMessagePerFieldInTheAskedLanguage() throws IOException {
        family("checks", "1.0.0").writeTo(server.pluginsDir(), "checks.jar");
        awaitFamily("checks");

        HttpResponse<String> english = validate("/api/families/checks/validate?lang=en",
                "{\"email\":\"not-an-address\",\"phone\":\"12\"}");
        assertEquals(422, english.statusCode(), english.body());
        assertEquals("application/problem+json", english.headers().firstValue("Content-Type").orElse(""));
        assertTrue(english.body().contains("\"field\":\"email\""), english.body());
        assertTrue(english.body().contains("\"field\":\"phone\""), english.body());

        HttpResponse<String> russian = validate("/api/families/checks/validate", "{\"phone\":\"+7 912 345-67-89\"}");
        assertEquals(422, russian.statusCode(), russian.body());
        assertTrue(russian.body().contains("\"field\":\"email\""), russian.body());
        assertTrue(russian.body().contains("Заполните"), russian.body());
        assertFalse(russian.body().contains("\"field\":\"phone\""), russian.body());

        HttpResponse<String> valid = validate("/api/families/checks/validate",
                "{\"email\":\"ivan@example.org\",\"phone\":\"+7 912 345-67-89\"}");
        assertEquals(200, valid.statusCode(), valid.body());

        HttpResponse<String> broken = validate("/api/families/checks/validate", "{\"email\": ");
        assertEquals(400, broken.statusCode(), broken.body());
        assertFalse(broken.body().contains("Exception"), broken.body());
    }

    private static PluginJar family(String id, String version) {
        return PluginJar.plugin(id, version).pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/" + id + "/V1__notes.sql", "CREATE TABLE notes (note text);");
    }

    private static HttpResponse<String> post(String path) {
        return server.send(server.admin(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> validate(String path, String json) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static void awaitFamily(String id) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.get("/api/families/" + id).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("family " + id + " did not go live after drop-in");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
