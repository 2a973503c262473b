package org.matricula.platform.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestSessions;

/** Every admin write and export leaves an entry with who, what, before and after; entries stay as written. */
class AuditIT {

    static RunningPlatform server;
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        server = RunningPlatform.start(Map.of());
        jdbi = server.platform().database().jdbi();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void writesAndExportsAreRecordedWithBeforeAndAfter() {
        TestSessions.Session admin = TestSessions.admin(server);
        HttpResponse<String> created = server.send(admin.json("/api/v1/admin/programs")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"audit-me\",\"name\":\"Аудит\",\"places\":\"5\"}")));
        assertEquals(201, created.statusCode(), created.body());
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        HttpResponse<String> changed = server.send(admin.json("/api/v1/admin/programs/" + id)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"code\":\"audit-me\",\"name\":\"Аудит\",\"places\":\"9\"}")));
        assertEquals(200, changed.statusCode(), changed.body());
        server.send(admin.request("/admin/users.csv"));

        List<Map<String, Object>> entries = jdbi.withHandle(h -> h.createQuery("""
                SELECT actor, action, target, before ->> 'places' AS before_places, after ->> 'places' AS after_places
                FROM audit_log WHERE actor = :actor ORDER BY id""").bind("actor", admin.email()).mapToMap().list());
        assertEquals(3, entries.size(), entries.toString());
        assertEquals("POST", entries.get(0).get("action"));
        assertEquals("5", entries.get(0).get("after_places"), "a create records what it made");
        assertEquals("PUT", entries.get(1).get("action"));
        assertEquals("5", entries.get(1).get("before_places"));
        assertEquals("9", entries.get(1).get("after_places"));
        assertEquals("EXPORT", entries.get(2).get("action"));
        assertTrue(((String) entries.get(2).get("target")).startsWith("/admin/users.csv"));

        String page = server.send(admin.request("/api/v1/admin/audit?action=PUT&columns=actor,target,after"))
                .body();
        assertTrue(page.contains("/api/v1/admin/programs/" + id) && page.contains(admin.email()), page);
    }

    @Test
    void refusedRequestsLeaveNoEntryAndApplicantsCannotRead() {
        TestSessions.Session admin = TestSessions.admin(server);
        server.send(admin.json("/api/v1/admin/programs").POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"\"}")));
        assertEquals(0, (int) jdbi.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE actor = ?").bind(0, admin.email()).mapTo(Integer.class).one()));
        assertEquals(403, server.send(TestSessions.applicant(server).request("/admin/audit")).statusCode());
    }

    @Test
    void pluginUploadRecordsChecksumAndUploader(@TempDir Path uploads) throws Exception {
        Path jar = PluginJar.plugin("audited", "1.0.0").pluginClass(FixturePlugin.class)
                .extension(FixtureFamily.class).writeTo(uploads, "audited.jar");
        TestSessions.Session admin = TestSessions.admin(server);
        HttpResponse<String> installed = server.send(admin.request("/api/admin/plugins?fileName=audited.jar")
                .header("X-CSRF-Token", admin.csrf()).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar)));
        assertEquals(201, installed.statusCode(), installed.body());
        String checksum = jdbi.withHandle(h -> h.createQuery(
                "SELECT after ->> 'checksum' FROM audit_log WHERE actor = ? AND target LIKE '/api/v1/admin/plugins%'")
                .bind(0, admin.email()).mapTo(String.class).one());
        assertEquals(64, checksum.length(), "the uploaded JAR's SHA-256");
    }

    @Test
    void entriesCannotBeChangedOrDeleted() {
        jdbi.useHandle(h -> h.execute("INSERT INTO audit_log (actor, action, target, status) VALUES ('x', 'POST', '/t', 200)"));
        assertThrows(Exception.class, () -> jdbi.useHandle(h -> h.execute("UPDATE audit_log SET actor = 'y'")));
        assertThrows(Exception.class, () -> jdbi.useHandle(h -> h.execute("DELETE FROM audit_log")));
        assertEquals(1, (int) jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE actor = 'x'")
                .mapTo(Integer.class).one()));
    }
}
