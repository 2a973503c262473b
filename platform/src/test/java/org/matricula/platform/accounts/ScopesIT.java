package org.matricula.platform.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;

/**
 * Scoped access over HTTP: a project admin sees and changes only their projects' declarations, a
 * coordinator only reads those of applicants from their organization, in the pages, the API,
 * the CSV export and the dashboard alike.
 */
class ScopesIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Project alpha;
    static Project beta;
    static List<UUID> alphaDeclarations = new ArrayList<>();
    static List<UUID> betaDeclarations = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("scoped", "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/scoped/V1__notes.sql", "CREATE TABLE notes (note text);")
                .writeTo(server.pluginsDir(), "scoped.jar");
        server.awaitFamily("scoped");
        Catalog catalog = new Catalog(jdbi, id -> true);
        alpha = catalog.createProject(new ProjectInput("alpha", "Альфа", "", "scoped", true, "", ""));
        beta = catalog.createProject(new ProjectInput("beta", "Бета", "", "scoped", true, "", ""));
        Program course = catalog.createProgram(new ProgramInput("course", "Курс", "", true, "", false));
        catalog.link(alpha.id(), course.id());
        catalog.link(beta.id(), course.id());
        for (int i = 0; i < 3; i++) {
            alphaDeclarations.add(submit("alpha", "alpha" + i + "@example.org"));
            betaDeclarations.add(submit("beta", "beta" + i + "@example.org"));
        }
        jdbi.useHandle(h -> h.execute("UPDATE declarations SET organization = 'УрФУ' WHERE id = ?",
                betaDeclarations.get(0)));
    }

    @Test
    void projectAdminWorksOnlyWithinTheirProjects() {
        TestSessions.Session admin = TestSessions.admin(server);
        TestSessions.Session alphaAdmin = TestSessions.applicant(server);
        HttpResponse<String> assigned = server.send(admin.json("/api/v1/admin/users/" + alphaAdmin.accountId() + "/role")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"PROJECT_ADMIN\",\"projects\":[" + alpha.id()
                        + "]}")));
        assertEquals(200, assigned.statusCode(), assigned.body());

        String list = server.send(alphaAdmin.json("/api/v1/admin/declarations?size=200")).body();
        assertTrue(list.contains("\"total\":3"), list);
        alphaDeclarations.forEach(id -> assertTrue(list.contains(id.toString())));
        betaDeclarations.forEach(id -> assertFalse(list.contains(id.toString()), "beta is out of scope"));

        String page = server.send(alphaAdmin.request("/admin/declarations")).body();
        assertTrue(page.contains(">Альфа</option>") && page.contains(">Курс</option>"), page);
        assertFalse(page.contains("Бета"), "the project filter offers only the admin's projects");
        String adminPage = server.send(admin.request("/admin/declarations")).body();
        assertTrue(adminPage.contains(">Альфа</option>") && adminPage.contains(">Бета</option>"), adminPage);

        String csv = server.send(alphaAdmin.request("/admin/declarations.csv?scope=all&columns=email")).body();
        assertTrue(csv.contains("alpha0@example.org") && !csv.contains("beta0@example.org"), csv);

        UUID foreign = betaDeclarations.get(1);
        assertEquals(404, server.send(alphaAdmin.request("/admin/declarations/" + foreign)).statusCode());
        assertEquals(404, server.send(alphaAdmin.json("/api/v1/admin/declarations/" + foreign)).statusCode());
        assertEquals(404, server.send(alphaAdmin.request("/admin/declarations/" + foreign + "/pdf")).statusCode());
        assertEquals(404, server.send(alphaAdmin.json("/api/v1/admin/declarations/" + foreign + "/status")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"REJECTED\"}"))).statusCode());
        assertEquals("SUBMITTED", status(foreign));

        UUID own = alphaDeclarations.get(1);
        assertEquals(200, server.send(alphaAdmin.json("/api/v1/admin/declarations/" + own + "/status")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ACCEPTED\"}"))).statusCode());
        assertEquals("ACCEPTED", status(own));

        String dashboard = server.send(alphaAdmin.json("/api/v1/admin/dashboard")).body();
        assertTrue(dashboard.contains("\"total\":3"), dashboard);
        assertFalse(dashboard.contains("\"key\":\"beta\""), dashboard);

        assertEquals(403, server.send(alphaAdmin.request("/admin/projects")).statusCode());
        assertEquals(403, server.send(alphaAdmin.request("/admin/users")).statusCode());
        assertEquals(403, server.send(alphaAdmin.request("/admin/mail")).statusCode());
    }

    @Test
    void coordinatorReadsOnlyTheirOrganizationAndChangesNothing() {
        TestSessions.Session admin = TestSessions.admin(server);
        TestSessions.Session coordinator = TestSessions.applicant(server);
        server.send(admin.json("/api/v1/admin/users/" + coordinator.accountId() + "/role")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"COORDINATOR\",\"organization\":\"урфу\"}")));

        String list = server.send(coordinator.json("/api/v1/admin/declarations")).body();
        assertTrue(list.contains("\"total\":1") && list.contains(betaDeclarations.get(0).toString()), list);
        UUID mine = betaDeclarations.get(0);
        assertEquals(200, server.send(coordinator.request("/admin/declarations/" + mine)).statusCode());
        assertEquals(404, server.send(coordinator.request("/admin/declarations/" + alphaDeclarations.get(0)))
                .statusCode());
        assertEquals(403, server.send(coordinator.json("/api/v1/admin/declarations/" + mine + "/status")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"REJECTED\"}"))).statusCode());
        assertEquals(403, server.send(coordinator.form("/admin/declarations/" + mine + "/status",
                "status", "REJECTED")).statusCode());
        assertEquals("SUBMITTED", status(mine));
        assertTrue(server.send(coordinator.json("/api/v1/admin/dashboard")).body().contains("\"total\":1"));
    }

    @Test
    void roleAssignmentIsCheckedAndOnlyForPlatformAdmins() {
        TestSessions.Session admin = TestSessions.admin(server);
        TestSessions.Session someone = TestSessions.applicant(server);
        HttpResponse<String> noProjects = server.send(admin.json("/api/v1/admin/users/" + someone.accountId()
                + "/role").PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"PROJECT_ADMIN\",\"projects\":[]}")));
        assertEquals(422, noProjects.statusCode());
        assertTrue(noProjects.body().contains("\"field\":\"projects\""), noProjects.body());
        HttpResponse<String> nullProject = server.send(admin.json("/api/v1/admin/users/" + someone.accountId()
                + "/role").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"role\":\"PROJECT_ADMIN\",\"projects\":[" + alpha.id() + ",null]}")));
        assertEquals(422, nullProject.statusCode(), nullProject.body());
        assertTrue(nullProject.body().contains("\"field\":\"projects[1]\""), nullProject.body());
        HttpResponse<String> badRole = server.send(admin.json("/api/v1/admin/users/" + someone.accountId()
                + "/role").PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"KING\"}")));
        assertEquals(422, badRole.statusCode());
        assertEquals(403, server.send(someone.json("/api/v1/admin/users/" + someone.accountId() + "/role")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"ADMIN\"}"))).statusCode());
        assertEquals("APPLICANT", jdbi.withHandle(h -> h.createQuery("SELECT role FROM accounts WHERE id = ?")
                .bind(0, someone.accountId()).mapTo(String.class).one()));
    }

    @Test
    void theLastPlatformAdminKeepsTheRoleAndAnotherAdminMayTakeIt() {
        TestSessions.Session last = TestSessions.admin(server);
        TestSessions.Session next = TestSessions.admin(server);
        List<UUID> others = jdbi.withHandle(h -> h.createQuery("SELECT id FROM accounts WHERE role = 'ADMIN'"
                + " AND id NOT IN (:last, :next)").bind("last", last.accountId()).bind("next", next.accountId())
                .mapTo(UUID.class).list());
        setRole(others, "APPLICANT");
        try {
            assertEquals(200, server.send(last.json("/api/v1/admin/users/" + next.accountId() + "/role")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"CRM_MANAGER\"}"))).statusCode());
            HttpResponse<String> refused = server.send(last.json("/api/v1/admin/users/" + last.accountId()
                    + "/role?lang=en").PUT(HttpRequest.BodyPublishers.ofString("{\"role\":\"APPLICANT\"}")));
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"field\":\"role\"") && refused.body().contains("only platform admin"),
                    refused.body());
            assertEquals("ADMIN", jdbi.withHandle(h -> h.createQuery("SELECT role FROM accounts WHERE id = ?")
                    .bind(0, last.accountId()).mapTo(String.class).one()));
            // the screen says the same by the field
            HttpResponse<String> screen = server.send(last.form("/admin/users/" + last.accountId() + "/role?lang=en",
                    "role", "APPLICANT"));
            assertEquals(422, screen.statusCode(), screen.body());
            assertTrue(screen.body().contains("only platform admin"), screen.body());
        } finally {
            setRole(others, "ADMIN");
        }
    }

    private static void setRole(List<UUID> accounts, String role) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE accounts SET role = :role WHERE id = ANY(:ids)").bind("role", role)
                .bind("ids", accounts.toArray(UUID[]::new)).execute());
    }

    private static UUID submit(String project, String email) {
        TestSessions.Session applicant = TestSessions.applicant(server);
        HttpResponse<String> created = server.send(applicant.json("/api/me/declarations")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"" + project + "\",\"program\":\"course\","
                        + "\"values\":{\"email\":\"" + email + "\",\"phone\":\"+7 912 000-11-22\"}}")));
        assertEquals(201, created.statusCode(), created.body());
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM declarations WHERE account_id = ?")
                .bind(0, applicant.accountId()).mapTo(UUID.class).one());
    }

    private static String status(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM declarations WHERE id = ?").bind(0, id)
                .mapTo(String.class).one());
    }
}
