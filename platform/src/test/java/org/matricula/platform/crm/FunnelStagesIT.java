package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * The funnel stages screen: admins add, rename, reorder, retire and delete stages; the stages
 * events move persons to stay, and a stage in use is retired, never deleted (409).
 */
class FunnelStagesIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Jdbi jdbi;
    static Session admin;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
    }

    @Test
    void adminsAddRenameReorderRetireAndDeleteStages() throws Exception {
        String page = server.send(admin.request("/admin/crm/funnel-stages?lang=en")).body();
        assertTrue(page.contains("<code>interested</code>") && page.contains("<code>alumnus</code>"), page);
        assertFalse(page.contains("id=\"retire-student\"") || page.contains("id=\"delete-student\""),
                "the stages events move to offer neither retiring nor deleting");

        HttpResponse<String> bad = server.send(admin.form("/admin/crm/funnel-stages?lang=en", "code", "On Hold",
                "nameRu", "", "nameEn", "On hold"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("id=\"error-code\"") && bad.body().contains("id=\"error-nameRu\"")
                && bad.body().contains("id=\"error-summary\""), bad.body());
        HttpResponse<String> taken = server.send(admin.form("/admin/crm/funnel-stages?lang=en", "code", "student",
                "nameRu", "Студент", "nameEn", "Student"));
        assertEquals(422, taken.statusCode());
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages", "code", "on-hold", "nameRu", "Пауза",
                "nameEn", "Paused")).statusCode());
        assertEquals(List.of("interested", "applicant", "student", "alumnus", "on-hold"), order());

        HttpResponse<String> blank = server.send(admin.form("/admin/crm/funnel-stages/on-hold/rename?lang=en",
                "nameRu", "Пауза", "nameEn", " "));
        assertEquals(422, blank.statusCode());
        assertTrue(blank.body().contains("id=\"error-on-hold-nameEn\""), blank.body());
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages/on-hold/rename", "nameRu", "Пауза",
                "nameEn", "On hold")).statusCode());
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages/on-hold/up")).statusCode());
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages/student/up")).statusCode());
        assertEquals(List.of("interested", "student", "applicant", "on-hold", "alumnus"), order());
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages/student/down")).statusCode());
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages/student/rename", "nameRu", "Учится",
                "nameEn", "Learning")).statusCode());
        assertEquals(List.of("interested", "applicant", "student", "on-hold", "alumnus"), order());

        // The stages events move persons to cannot go.
        HttpResponse<String> fixed = server.send(admin.form("/admin/crm/funnel-stages/student/retire?lang=en"));
        assertEquals(409, fixed.statusCode());
        assertTrue(fixed.body().contains("can be renamed but not retired"), fixed.body());
        assertEquals(409, server.send(admin.form("/admin/crm/funnel-stages/interested/delete")).statusCode());
        assertEquals(422, server.send(admin.json("/api/v1/crm/stages").PUT(HttpRequest.BodyPublishers.ofString(
                "{\"stages\": [{\"code\": \"interested\", \"position\": 10, \"nameRu\": \"И\", \"nameEn\": \"I\","
                        + " \"active\": true}]}"))).statusCode(), "the API keeps them too");

        // A person stands in the new stage: it can be retired, not deleted; automatic moves still work.
        String person = CrmAccessIT.leadVia(server, admin, "Ждущая", "hold-" + UUID.randomUUID() + "@example.org");
        assertEquals("interested", stage(person), "a lead still moves to interested");
        assertEquals(303, server.send(admin.form("/admin/persons/" + person + "/stage", "stage", "on-hold",
                "reason", "asked to wait")).statusCode());
        HttpResponse<String> inUse = server.send(admin.form("/admin/crm/funnel-stages/on-hold/delete?lang=en"));
        assertEquals(409, inUse.statusCode());
        assertTrue(inUse.body().contains("retire it instead"), inUse.body());
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages/on-hold/retire")).statusCode());
        assertEquals(422, server.send(admin.form("/admin/persons/" + person + "/stage", "stage", "on-hold",
                "reason", "again")).statusCode(), "nobody is moved to a retired stage");
        assertTrue(server.send(admin.request("/admin/persons/" + person + "?lang=en")).body()
                .contains("<b id=\"stage\">On hold</b>"), "who stands in it keeps it");
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages/on-hold/restore")).statusCode());

        // A stage nobody reached is deleted after a confirmation.
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages", "code", "trial", "nameRu", "Проба",
                "nameEn", "Trial")).statusCode());
        assertTrue(server.send(admin.request("/admin/crm/funnel-stages?lang=en")).body().contains("id=\"delete-trial\""));
        String confirm = server.send(admin.request("/admin/crm/funnel-stages/trial/delete?lang=en")).body();
        assertTrue(confirm.contains("id=\"confirm-delete\"") && confirm.contains("Trial"), confirm);
        assertEquals(303, server.send(admin.form("/admin/crm/funnel-stages/trial/delete")).statusCode());
        assertFalse(order().contains("trial"));
        assertEquals(404, server.send(admin.form("/admin/crm/funnel-stages/trial/retire")).statusCode());

        assertTrue(jdbi.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM audit_log WHERE action = 'POST' AND target LIKE '/admin/crm/funnel-stages%'
                AND status < 400""").mapTo(Integer.class).one()) >= 8, "every change is in the audit log");
    }

    static List<String> order() {
        return jdbi.withHandle(h -> h.createQuery("SELECT code FROM funnel_stages ORDER BY position, code")
                .mapTo(String.class).list());
    }

    static String stage(String person) {
        return jdbi.withHandle(h -> h.createQuery("SELECT stage FROM persons WHERE id = CAST(:id AS uuid)")
                .bind("id", person).mapTo(String.class).one());
    }
}
