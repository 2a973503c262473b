package org.matricula.platform.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Destructive admin actions asked about before they happen, and refused form values shown as the
 * page the form is on with the message by its field, in the reader's language, without codes.
 */
class AdminConfirmationsAndRefusalsIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Session admin;
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        admin = TestSessions.admin(server);
        jdbi = server.platform().database().jdbi();
    }

    @Test
    void revokingALeadSourceIsAskedOnItsOwnPageFirst() {
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/lead-sources")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Partner site\"}")));
        assertEquals(201, created.statusCode(), created.body());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(created.body());
        assertTrue(id.find(), created.body());
        long source = Long.parseLong(id.group(1));

        String list = html("/admin/crm/lead-sources?lang=en");
        assertTrue(list.contains("href=\"/admin/crm/lead-sources/" + source + "/revoke\""), list);
        assertFalse(list.contains("action=\"/admin/crm/lead-sources/" + source + "/revoke\""), "no one-click revoke");

        String confirm = html("/admin/crm/lead-sources/" + source + "/revoke?lang=en");
        assertTrue(confirm.contains("Partner site") && confirm.contains("stops working")
                && confirm.contains("cannot be undone"), confirm);
        assertTrue(confirm.contains("action=\"/admin/crm/lead-sources/" + source + "/revoke\""), confirm);
        assertNull(revokedAt(source), "asking revokes nothing");

        assertEquals(303, server.send(admin.form("/admin/crm/lead-sources/" + source + "/revoke")).statusCode());
        assertNotNull(revokedAt(source));
    }

    @Test
    void takingAnOrganizationFromACoordinatorIsAConfirmationStep() {
        long organization = organization("Coordinated " + UUID.randomUUID());
        Session coordinator = TestSessions.open(server, "COORDINATOR");
        assertEquals(303, server.send(admin.form("/admin/organizations/" + organization + "/coordinators",
                "email", coordinator.email())).statusCode());
        String page = html("/admin/organizations/" + organization + "/coordinators?lang=en");
        String remove = "action=\"/admin/organizations/" + organization + "/coordinators/" + coordinator.accountId()
                + "/remove\"";
        int form = page.indexOf(remove);
        assertTrue(form > 0, page);
        String before = page.substring(0, form);
        assertTrue(before.lastIndexOf("<details class=\"confirm\"") > before.lastIndexOf("</details>"),
                "the remove button is inside a confirmation step: " + page);
        assertTrue(page.contains("Take the organization away from " + coordinator.email() + "?"), page);
    }

    @Test
    void aWrongOrganizationKindListsTheKindsByTheirNames() {
        HttpResponse<String> refused = server.send(admin.form("/admin/organizations?lang=en", "name",
                "Kindless " + UUID.randomUUID(), "kind", "BOSS"));
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Employer, Partner university, Corporate university, Other"),
                refused.body());
        assertFalse(refused.body().contains("EMPLOYER, UNIVERSITY"), refused.body());
    }

    @Test
    void aMissingPluginIsToldInTheReadersLanguage() {
        HttpResponse<String> missing = server.send(admin.request("/admin/plugins/nope/remove?lang=ru")
                .header("Accept", "text/html"));
        assertEquals(404, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("Плагин «nope» не установлен"), missing.body());
        assertFalse(missing.body().contains("No plugin"), missing.body());
    }

    @Test
    void aProgramChoiceThatNamesNoneComesBackAsTheProjectPageWithTheMessageByTheField() {
        long project = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO projects (slug, name, family_id) VALUES ('choosing', 'Choosing', 'courses') RETURNING id""")
                .mapTo(Long.class).one());
        for (String typed : new String[] {"", "abc"}) {
            HttpResponse<String> refused = server.send(admin.form("/admin/projects/" + project + "/programs?lang=en",
                    "programId", typed));
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("id=\"add-program\""), "the project page: " + refused.body());
            assertTrue(refused.body().contains("id=\"error-programId\" role=\"alert\">Choose a program to add</p>"),
                    refused.body());
            assertFalse(refused.body().contains("programId :"), refused.body());
        }
    }

    @Test
    void aCuratorThatIsNoAccountComesBackAsTheProgramPageWithTheMessageByTheField() {
        long program = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO programs (code, name) VALUES ('curated', 'Curated') RETURNING id""")
                .mapTo(Long.class).one());
        HttpResponse<String> refused = server.send(admin.form("/admin/programs/" + program + "/curator?lang=en",
                "curator", "abc"));
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("id=\"curator-form\""), "the program page: " + refused.body());
        assertTrue(refused.body().contains("id=\"error-curator\" role=\"alert\">Choose a staff account</p>"),
                refused.body());
        assertFalse(refused.body().contains("curator :"), refused.body());
    }

    @Test
    void aPersonIsNotOfferedForMergingIntoThemselves() {
        UUID person = jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO persons (first_name, full_name) VALUES ('Solo', 'Solo Person') RETURNING id""")
                .mapTo(UUID.class).one());
        HttpResponse<String> screen = server.send(admin.request("/admin/persons/merge?keep=" + person + "&drop="
                + person + "&lang=en"));
        assertEquals(422, screen.statusCode(), screen.body());
        assertTrue(screen.body().contains("id=\"error-drop\" role=\"alert\">Choose two different persons</p>"),
                screen.body());
        assertFalse(screen.body().contains("id=\"merge-submit\""), "no merge button: " + screen.body());

        HttpResponse<String> posted = server.send(admin.form("/admin/persons/merge?lang=en", "keep",
                person.toString(), "drop", person.toString()));
        assertEquals(422, posted.statusCode(), posted.body());
        assertTrue(posted.body().contains("id=\"error-drop\" role=\"alert\">Choose two different persons</p>"),
                posted.body());
        assertFalse(posted.body().contains("drop :"), posted.body());
    }

    private static long organization(String name) {
        HttpResponse<String> created = server.send(admin.form("/admin/organizations?lang=en", "name", name,
                "kind", "EMPLOYER"));
        assertEquals(303, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        return Long.parseLong(location.replaceAll(".*/organizations/(\\d+).*", "$1"));
    }

    private static Object revokedAt(long source) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT revoked_at FROM lead_sources WHERE id = :id")
                .bind("id", source).mapTo(java.time.OffsetDateTime.class).one());
    }

    private static String html(String path) {
        HttpResponse<String> response = server.send(admin.request(path).header("Accept", "text/html"));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void aRefusedDealMoveSaysSoOnceAndItsLanguageLinksLeadToTheDeal() {
        long organization = jdbi.withHandle(h -> h.createQuery("INSERT INTO organizations (name, kind)"
                + " VALUES (:name, 'EMPLOYER') RETURNING id").bind("name", "Moves " + UUID.randomUUID())
                .mapTo(Long.class).one());
        long program = jdbi.withHandle(h -> h.createQuery("INSERT INTO programs (code, name, description, active)"
                + " VALUES (:code, 'Moves', '', true) RETURNING id").bind("code", "moves-" + System.nanoTime() % 100000)
                .mapTo(Long.class).one());
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/deals").POST(HttpRequest.BodyPublishers
                .ofString("{\"organizationId\":" + organization + ",\"programId\":" + program
                        + ",\"seats\":2,\"pricePerSeat\":\"100\"}")));
        assertEquals(200, created.statusCode(), created.body());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        assertTrue(id.find(), created.body());
        String deal = id.group(1);

        HttpResponse<String> refused = server.send(admin.form("/admin/deals/" + deal + "/move?lang=en",
                "stage", "NOWHERE", "reason", "", "from", "card"));
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("id=\"lang-ru\" href=\"/admin/deals/" + deal + "?lang"), refused.body());
        assertFalse(refused.body().contains("id=\"form-errors\""), "the error summary alone says it: "
                + refused.body());
    }

    @Test
    void aRefusedCampaignNamesEachFieldInItsSummary() {
        HttpResponse<String> refused = server.send(admin.form("/admin/campaigns?lang=en", "name", "Autumn",
                "segment", "", "subjectRu", "", "bodyRu", "", "subjectEn", "", "bodyEn", "", "sendAt", "",
                "ratePerMinute", "60"));
        assertEquals(422, refused.statusCode(), refused.body());
        for (String label : new String[] {"Subject in Russian", "Subject in English", "Text in Russian",
                "Text in English"}) {
            assertTrue(refused.body().contains(label + ":"), label + " in " + refused.body());
        }
    }
}
