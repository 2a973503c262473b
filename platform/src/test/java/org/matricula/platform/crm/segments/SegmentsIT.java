package org.matricula.platform.crm.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Segments end to end: each kind of condition selects exactly the persons it should, values are
 * bound (a quote in a value is a value), bad filters answer 422 per field, a frozen segment keeps
 * its members, and the screens count and preview without JavaScript.
 */
class SegmentsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of("crm.feed-interval", "1h"));
    static Jdbi jdbi;
    static Session admin;
    static long program;
    static long otherProgram;
    static long project;
    static long organization;
    static final String TAG = "seg-" + UUID.randomUUID().toString().substring(0, 8);
    static UUID anna;
    static UUID boris;
    static UUID vera;
    static UUID gleb;

    @BeforeAll
    static void start() {
        jdbi = server.platform().database().jdbi();
        admin = TestSessions.admin(server);
        Catalog catalog = new Catalog(jdbi, id -> true);
        project = catalog.createProject(new ProjectInput("seg", "Сегменты", "", "none", true, "", "")).id();
        program = catalog.createProgram(new ProgramInput("seg-physics", "Физика", "", true, "", false)).id();
        otherProgram = catalog.createProgram(new ProgramInput("seg-art", "Искусство", "", true, "", false)).id();
        catalog.link(project, program);
        catalog.link(project, otherProgram);
        organization = jdbi.withHandle(h -> h.createQuery("INSERT INTO organizations (name, kind) VALUES ('Завод', 'EMPLOYER')"
                + " RETURNING id").mapTo(Long.class).one());
        anna = person("Anna", "student", TAG, "vip");
        boris = person("Boris", "applicant", TAG);
        vera = person("Vera", "student", TAG);
        gleb = person("Gleb", "interested", TAG, "vip");
        jdbi.useHandle(h -> {
            consent(h, anna, true, "2026-01-01T00:00:00Z");
            consent(h, boris, true, "2026-01-01T00:00:00Z");
            consent(h, boris, false, "2026-02-01T00:00:00Z");
            h.execute("INSERT INTO organization_members (organization_id, person_id, role) VALUES (?, ?, 'STUDENT')",
                    organization, vera);
            h.execute("INSERT INTO timeline_entries (person_id, kind, at, summary) VALUES (?, 'NOTE', now() - interval '2 days', 'x')",
                    anna);
            h.execute("INSERT INTO timeline_entries (person_id, kind, at, summary) VALUES (?, 'NOTE', now() - interval '200 days', 'x')",
                    boris);
            h.execute("INSERT INTO payments (kind, source, idempotency_key, person_id, amount, received_on)"
                    + " VALUES ('PAYMENT', 'MANUAL', ?, ?, 500.00, current_date)", UUID.randomUUID().toString(), gleb);
            h.execute("INSERT INTO person_contacts (person_id, kind, value) VALUES (?, 'EMAIL', ?)", vera,
                    "vera-" + TAG + "@example.org");
            h.execute("INSERT INTO xapi_statements (id, actor, actor_email, verb, object_id, progress, occurred_at, body)"
                    + " VALUES (?, 'mailto:v', ?, 'progressed', 'course', 80, now(), '{}')", UUID.randomUUID(),
                    "vera-" + TAG + "@example.org");
        });
        declaration(anna, program, "ENROLLED", "{\"city\": \"Kazan\", \"school\": \"O'Neil lyceum\"}");
        // Boris's declaration is old news: submitted long ago, it makes him no recent activity.
        declaration(boris, otherProgram, "SUBMITTED", "{\"city\": \"Moscow\"}", 200);
    }

    @Test
    void eachConditionSelectsItsPersons() throws Exception {
        assertEquals(Set.of(anna, boris, vera, gleb), members(Map.of()));
        assertEquals(Set.of(anna, vera), members(Map.of("stages", List.of("student"))));
        assertEquals(Set.of(anna, gleb), members(Map.of("tags", List.of("vip"))));
        assertEquals(Set.of(anna), members(Map.of("programs", List.of(Long.toString(program)))));
        assertEquals(Set.of(boris), members(Map.of("projects", List.of(Long.toString(project)),
                "statuses", List.of("SUBMITTED"))));
        assertEquals(Set.of(vera), members(Map.of("organizations", List.of(Long.toString(organization)))));
        assertEquals(Set.of(anna), members(Map.of("consent", "GRANTED")));
        assertEquals(Set.of(boris), members(Map.of("consent", "WITHDRAWN")));
        assertEquals(Set.of(vera, gleb), members(Map.of("consent", "NONE")));
        assertEquals(Set.of(gleb), members(Map.of("balanceAbove", "100")));
        assertEquals(Set.of(anna, boris, vera), members(Map.of("balanceBelow", "0.01")));
        assertEquals(Set.of(anna), members(Map.of("activeDays", "30")));
        assertEquals(Set.of(boris, vera, gleb), members(Map.of("inactiveDays", "30")));
        assertEquals(Set.of(vera), members(Map.of("progressMin", "50")));
        assertEquals(Set.of(anna, boris, gleb), members(Map.of("progressMax", "10")));
        assertEquals(Set.of(anna), members(Map.of("fields", List.of(Map.of("field", "city", "op", "EQ", "value",
                "kazan")))));
        assertEquals(Set.of(anna), members(Map.of("fields", List.of(Map.of("field", "school", "op", "CONTAINS",
                "value", "o'neil")))), "a quote is a value, bound, not SQL");
        assertEquals(Set.of(vera, gleb), members(Map.of("fields", List.of(Map.of("field", "city", "op", "EMPTY")))));
        assertEquals(Set.of(anna), members(Map.of("stages", List.of("student"), "tags", List.of("vip"),
                "consent", "GRANTED")), "all conditions hold together");
        assertEquals(Set.of(), members(Map.of("fields", List.of(Map.of("field", "city", "op", "EQ",
                "value", "x' OR '1'='1")))));
    }

    @Test
    void theLatestConsentFollowsOutOfOrderInsertsMovesAndDeletes() {
        UUID dina = person("Dina", "student");
        UUID emil = person("Emil", "student");
        jdbi.useHandle(h -> {
            consent(h, dina, true, "2026-03-01T00:00:00Z");
            consent(h, dina, false, "2026-01-01T00:00:00Z");
            assertEquals(Boolean.TRUE, latestMarketing(h, dina), "an older withdrawal inserted later changes nothing");
            consent(h, dina, false, "2026-04-01T00:00:00Z");
            assertEquals(Boolean.FALSE, latestMarketing(h, dina));
            h.execute("DELETE FROM person_consents WHERE person_id = ? AND at = '2026-04-01T00:00:00Z'", dina);
            assertEquals(Boolean.TRUE, latestMarketing(h, dina), "the latest deleted, the one before counts again");
            consent(h, emil, false, "2026-02-01T00:00:00Z");
            h.execute("UPDATE person_consents SET person_id = ? WHERE person_id = ?", emil, dina);
            assertEquals(Boolean.TRUE, latestMarketing(h, emil), "consents handed over by a merge");
            assertEquals(null, latestMarketing(h, dina));
            h.execute("DELETE FROM person_consents WHERE person_id = ?", emil);
            assertEquals(null, latestMarketing(h, emil));
            assertEquals(0, h.createQuery("""
                    SELECT count(*) FROM (SELECT DISTINCT ON (person_id, purpose) person_id, purpose, granted, id
                                          FROM person_consents ORDER BY person_id, purpose, at DESC, id DESC) latest
                    FULL JOIN person_consent_states s USING (person_id, purpose)
                    WHERE latest.id IS DISTINCT FROM s.consent_id OR latest.granted IS DISTINCT FROM s.granted""")
                    .mapTo(Integer.class).one(), "the kept states are the latest consents, no more, no less");
        });
    }

    private static Boolean latestMarketing(org.jdbi.v3.core.Handle h, UUID person) {
        return h.createQuery("SELECT granted FROM person_consent_states WHERE person_id = :p AND purpose = 'MARKETING'")
                .bind("p", person).mapTo(Boolean.class).findOne().orElse(null);
    }

    @Test
    void badFiltersAnswer422PerField() throws Exception {
        HttpResponse<String> bad = server.send(admin.json("/api/v1/crm/segments").POST(body(Map.of("name", "",
                "filter", Map.of("stages", List.of("nope"), "programs", List.of("x"), "consent", "MAYBE",
                        "balanceBelow", "lots", "activeDays", "-1", "progressMin", "101",
                        "fields", List.of(Map.of("field", "1; DROP TABLE persons", "op", "EQ", "value", "a")))))));
        assertEquals(422, bad.statusCode(), bad.body());
        Set<String> fields = new HashSet<>();
        JSON.readTree(bad.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        assertTrue(fields.containsAll(List.of("stage", "program", "consent", "balanceBelow", "activeDays",
                "progressMin", "field")), fields.toString());
        HttpResponse<String> noName = server.send(admin.json("/api/v1/crm/segments").POST(body(Map.of("name", " "))));
        assertEquals(422, noName.statusCode());
        assertTrue(noName.body().contains("\"name\""), noName.body());
    }

    @Test
    void aSavedSegmentIsDynamicUntilFrozen() throws Exception {
        String own = TAG + "-late";
        HttpResponse<String> created = server.send(admin.json("/api/v1/crm/segments").POST(body(Map.of("name", "Late",
                "filter", Map.of("tags", List.of(own, "vip"))))));
        assertEquals(201, created.statusCode(), created.body());
        long id = JSON.readTree(created.body()).path("id").asLong();
        assertEquals(0, count(id));
        UUID late = person("Late", "student", own, "vip");
        assertEquals(1, count(id), "dynamic: evaluated at use");

        JsonNode frozen = JSON.readTree(server.send(admin.json("/api/v1/crm/segments/" + id + "/freeze")
                .POST(HttpRequest.BodyPublishers.noBody())).body());
        assertTrue(frozen.path("frozen").asBoolean(), frozen.toString());
        UUID later = person("Later", "student", own, "vip");
        assertEquals(Set.of(late), ids(id), "frozen: the members of then");
        jdbi.useHandle(h -> h.execute("UPDATE persons SET tags = '{}' WHERE id = ?", late));
        assertEquals(Set.of(late), ids(id), "a frozen member stays whatever changes");

        server.send(admin.json("/api/v1/crm/segments/" + id + "/freeze?frozen=false").POST(HttpRequest.BodyPublishers
                .noBody()));
        assertEquals(Set.of(later), ids(id), "dynamic again: Later in, Late out");
        assertEquals(204, server.send(admin.json("/api/v1/crm/segments/" + id).DELETE()).statusCode());
        assertEquals(404, server.send(admin.json("/api/v1/crm/segments/" + id)).statusCode());
    }

    private static Set<UUID> ids(long id) throws Exception {
        Set<UUID> ids = new HashSet<>();
        JSON.readTree(server.send(admin.json("/api/v1/crm/segments/" + id + "/members")).body()).path("members")
                .forEach(member -> ids.add(UUID.fromString(member.path("id").asText())));
        return ids;
    }

    @Test
    void theScreenCountsAndPreviewsWithoutJavaScriptAndSaves() throws Exception {
        HttpResponse<String> page = server.send(admin.request("/admin/segments/new"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("hx-post=\"/admin/segments/preview\""), "live count with htmx");
        HttpResponse<String> preview = server.send(admin.form("/admin/segments/preview", "name", "x", "tags",
                TAG + ", vip", "stage", "student"));
        assertEquals(200, preview.statusCode(), preview.body());
        assertTrue(preview.body().contains("id=\"member-count\">1<"), preview.body());
        assertTrue(preview.body().contains("/admin/persons/" + anna), "Anna previewed");

        HttpResponse<String> bad = server.send(admin.form("/admin/segments", "name", "", "activeDays", "soon"));
        assertEquals(422, bad.statusCode());
        assertTrue(bad.body().contains("error-summary") && bad.body().contains("id=\"error-activeDays\"")
                && bad.body().contains("id=\"error-name\""), bad.body());

        HttpResponse<String> saved = server.send(admin.form("/admin/segments", "name", "Students " + TAG, "tags", TAG,
                "stage", "student", "frozen", "on"));
        assertEquals(303, saved.statusCode(), saved.body());
        String location = saved.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> card = server.send(admin.request(location.replaceFirst("^https?://[^/]+", "")));
        assertTrue(card.body().contains("id=\"member-count\">2<"), card.body());
        assertTrue(card.body().contains("id=\"thaw\""), "frozen when saved");
        assertTrue(server.send(admin.request("/admin/segments")).body().contains("Students " + TAG));
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertEquals(200, server.send(admin.request("/admin/segments/" + id + "/delete")).statusCode());
        assertEquals(303, server.send(admin.form("/admin/segments/" + id + "/delete")).statusCode());
        assertEquals(404, server.send(admin.request("/admin/segments/" + id)).statusCode());
        assertFalse(server.send(TestSessions.applicant(server).request("/admin/segments")).statusCode() == 200);
    }

    private static Set<UUID> members(Map<String, Object> filter) throws Exception {
        Map<String, Object> withTag = new java.util.HashMap<>(filter);
        List<String> tags = new ArrayList<>();
        tags.add(TAG);
        @SuppressWarnings("unchecked")
        List<String> given = (List<String>) filter.getOrDefault("tags", List.of());
        tags.addAll(given);
        withTag.put("tags", tags);
        HttpResponse<String> counted = server.send(admin.json("/api/v1/crm/segments/count").POST(body(withTag)));
        assertEquals(200, counted.statusCode(), counted.body());
        JsonNode json = JSON.readTree(counted.body());
        Set<UUID> ids = new HashSet<>();
        json.path("members").forEach(member -> ids.add(UUID.fromString(member.path("id").asText())));
        assertEquals(ids.size(), json.path("count").asInt(), json.toString());
        return ids;
    }

    private static long count(long id) throws Exception {
        HttpResponse<String> members = server.send(admin.json("/api/v1/crm/segments/" + id + "/members"));
        assertEquals(200, members.statusCode(), members.body());
        return JSON.readTree(members.body()).path("count").asLong();
    }

    private static HttpRequest.BodyPublisher body(Object value) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(value));
    }

    static UUID person(String name, String stage, String... tags) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO persons (first_name, full_name, stage, tags, email)"
                + " VALUES (:name, :name, :stage, :tags, :email) RETURNING id").bind("name", name).bind("stage", stage)
                .bindArray("tags", String.class, (Object[]) tags)
                .bind("email", name.toLowerCase() + "-" + UUID.randomUUID() + "@example.org")
                .mapTo(UUID.class).one());
    }

    private static void consent(org.jdbi.v3.core.Handle h, UUID person, boolean granted, String at) {
        h.execute("INSERT INTO person_consents (person_id, purpose, granted, source, at) VALUES (?, 'MARKETING', ?,"
                + " 'test', CAST(? AS timestamptz))", person, granted, at);
    }

    private static void declaration(UUID person, long programId, String status, String values) {
        declaration(person, programId, status, values, 0);
    }

    private static void declaration(UUID person, long programId, String status, String values, int daysAgo) {
        Session applicant = TestSessions.applicant(server);
        jdbi.useHandle(h -> {
            UUID declaration = h.createQuery("INSERT INTO declarations (number, account_id, project_id, program_id,"
                    + " family_id, status, values, submitted_at) VALUES (:number, :account, :project, :program, 'none', :status,"
                    + " CAST(:values AS jsonb), now() - make_interval(days => :daysAgo)) RETURNING id").bind("number", "S-" + UUID.randomUUID())
                    .bind("account", applicant.accountId()).bind("project", project).bind("program", programId)
                    .bind("status", status).bind("values", values).bind("daysAgo", daysAgo).mapTo(UUID.class).one();
            h.execute("INSERT INTO person_declarations (declaration_id, person_id) VALUES (?, ?)", declaration, person);
        });
    }
}
