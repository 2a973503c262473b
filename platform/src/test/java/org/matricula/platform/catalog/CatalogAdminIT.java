package org.matricula.platform.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestDeclarations;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/** The admin catalog pages and API, and the public catalog, over HTTP against the full platform. */
class CatalogAdminIT {

    static final ObjectMapper JSON = JsonMapper.create();
    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Session admin;

    @BeforeAll
    static void start() throws IOException {
        Path jar = PluginJar.plugin("courses", "1.0.0").pluginClass(FixturePlugin.class)
                .extension(FixtureFamily.class).writeTo(Files.createTempDirectory("uploads"), "courses.jar");
        HttpResponse<String> installed = server.send(server.admin("/api/admin/plugins?fileName=courses.jar")
                .header("Content-Type", "application/java-archive").POST(HttpRequest.BodyPublishers.ofFile(jar)));
        assertEquals(201, installed.statusCode(), installed.body());
        admin = TestSessions.admin(server);
    }

    @Test
    void apiCreatesEditsLinksUnlinksAndDeletes() {
        long program = id(post("/api/v1/admin/programs", """
                {"code": "api-python", "name": "Python", "places": 10, "waitlist": true}"""));
        HttpResponse<String> created = server.send(admin.json("/api/v1/admin/projects").POST(body("""
                {"slug": "api-chairs", "name": "Цифровые кафедры", "familyId": "courses", "openUntil": "2099-12-31"}""")));
        assertEquals(201, created.statusCode(), created.body());
        long project = tree(created).at("/project/id").asLong();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/admin/projects/" + project));

        HttpResponse<String> linked = server.send(admin.json(projectPath(project) + "/programs/" + program).PUT(body("")));
        assertEquals(200, linked.statusCode(), linked.body());
        assertEquals("api-python", tree(linked).at("/programs/0/code").asText());
        assertEquals(10, tree(linked).at("/programs/0/placesLeft").asInt());

        HttpResponse<String> updated = server.send(admin.json(projectPath(project)).PUT(body("""
                {"slug": "api-chairs", "name": "Renamed", "familyId": "courses", "active": false}""")));
        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode fetched = tree(server.send(admin.json(projectPath(project))));
        assertEquals("Renamed", fetched.at("/project/name").asText());
        assertFalse(fetched.at("/project/active").asBoolean());
        assertTrue(fetched.at("/project/openUntil").isNull(), "an omitted date clears it");

        HttpResponse<String> unlinked = server.send(admin.json(projectPath(project) + "/programs/" + program).DELETE());
        assertEquals(200, unlinked.statusCode(), unlinked.body());
        assertEquals(0, tree(unlinked).at("/programs").size());
        assertEquals(404, server.send(admin.json(projectPath(project) + "/programs/" + program).DELETE()).statusCode());

        HttpResponse<String> programUpdate = server.send(admin.json("/api/v1/admin/programs/" + program).PUT(body("""
                {"code": "api-python", "name": "Python 2", "places": ""}""")));
        assertEquals(200, programUpdate.statusCode(), programUpdate.body());
        assertTrue(tree(programUpdate).at("/places").isNull(), "empty places means no limit");

        assertEquals(204, server.send(admin.json(projectPath(project)).DELETE()).statusCode());
        assertEquals(404, server.send(admin.json(projectPath(project))).statusCode());
        assertEquals(204, server.send(admin.json("/api/v1/admin/programs/" + program).DELETE()).statusCode());
        assertFalse(server.send(admin.json("/api/v1/admin/programs")).body().contains("api-python"));
    }

    @Test
    void apiAnswers422WithAMessagePerInvalidField() {
        HttpResponse<String> invalid = server.send(admin.json("/api/v1/admin/projects").POST(body("""
                {"slug": "Not A Slug", "name": " ", "familyId": "nope", "digestRecipients": "a@b.org, broken",
                 "openUntil": "31.12.2099"}""")));
        assertEquals(422, invalid.statusCode(), invalid.body());
        assertEquals(Set.of("slug", "name", "familyId", "digestRecipients", "openUntil"), fields(tree(invalid)));
        // a year PostgreSQL would keep as an infinity, read back as open for ever
        HttpResponse<String> far = server.send(admin.json("/api/v1/admin/projects?lang=en").POST(body("""
                {"slug": "far-away", "name": "Far", "familyId": "courses", "openUntil": "-5000-01-01"}""")));
        assertEquals(422, far.statusCode(), far.body());
        assertEquals(Set.of("openUntil"), fields(tree(far)));
        assertTrue(far.body().contains("9999-12-31"), far.body());

        HttpResponse<String> program = server.send(admin.json("/api/v1/admin/programs").POST(body("""
                {"code": "x", "name": "X", "places": "-3"}""")));
        assertEquals(422, program.statusCode(), program.body());
        assertEquals(Set.of("places"), fields(tree(program)));

        post("/api/v1/admin/programs", """
                {"code": "taken-code", "name": "First"}""");
        HttpResponse<String> duplicate = server.send(admin.json("/api/v1/admin/programs").POST(body("""
                {"code": "taken-code", "name": "Second"}""")));
        assertEquals(422, duplicate.statusCode(), duplicate.body());
        assertEquals(Set.of("code"), fields(tree(duplicate)));
    }

    @Test
    void onlyAdminsWithTheCsrfTokenMayWrite() {
        assertEquals(401, server.get("/api/v1/admin/projects").statusCode());
        Session applicant = TestSessions.applicant(server);
        assertEquals(403, server.send(applicant.json("/api/v1/admin/projects")).statusCode());
        assertEquals(403, server.send(applicant.request("/admin/projects")).statusCode());

        HttpResponse<String> noToken = server.send(admin.request("/api/v1/admin/programs")
                .header("Content-Type", "application/json").POST(body("{\"code\": \"no-csrf\", \"name\": \"X\"}")));
        assertEquals(403, noToken.statusCode(), noToken.body());
        HttpResponse<String> formWithoutToken = server.send(admin.request("/admin/programs")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("code=no-csrf&name=X")));
        assertEquals(403, formWithoutToken.statusCode());
        assertFalse(server.send(admin.json("/api/v1/admin/programs")).body().contains("no-csrf"));
    }

    @Test
    void htmlFormsCreateEditLinkUnlinkAndDelete() {
        HttpResponse<String> program = server.send(admin.form("/admin/programs", "code", "html-design",
                "name", "Дизайн", "places", "5", "active", "true"));
        assertEquals(303, program.statusCode(), program.body());
        String programPage = location(program);
        long programId = Long.parseLong(programPage.substring(programPage.lastIndexOf('/') + 1));

        HttpResponse<String> project = server.send(admin.form("/admin/projects", "slug", "html-school",
                "name", "Школа", "familyId", "courses", "active", "true", "openUntil", ""));
        assertEquals(303, project.statusCode(), project.body());
        String projectPage = location(project);
        assertTrue(projectPage.matches(".*/admin/projects/\\d+"), projectPage);

        assertEquals(303, server.send(admin.form(projectPage + "/programs", "programId", "" + programId)).statusCode());
        String edit = server.send(admin.request(projectPage)).body();
        assertTrue(edit.contains("id=\"linked-html-design\""), edit);
        assertTrue(edit.contains("name=\"_csrf\" value=\"" + admin.csrf() + "\""), "forms carry the CSRF token");
        assertTrue(edit.contains("<option value=\"courses\" selected>"), "the family select shows the live family");

        assertEquals(303, server.send(admin.form(projectPage + "/programs/" + programId + "/delete")).statusCode());
        assertFalse(server.send(admin.request(projectPage)).body().contains("id=\"linked-html-design\""));

        HttpResponse<String> saved = server.send(admin.form(projectPage, "slug", "html-school",
                "name", "Вечерняя школа", "familyId", "courses", "digestRecipients", "dean@example.org"));
        assertEquals(303, saved.statusCode(), saved.body());
        JsonNode stored = tree(server.send(admin.json(projectPage.replace("/admin/", "/api/v1/admin/"))));
        assertEquals("Вечерняя школа", stored.at("/project/name").asText());
        assertFalse(stored.at("/project/active").asBoolean(), "an unticked checkbox makes it inactive");
        assertEquals("dean@example.org", stored.at("/project/digestRecipients").asText());

        assertTrue(server.send(admin.request("/admin/programs")).body().contains("id=\"program-html-design\""));
        HttpResponse<String> deleted = server.send(admin.form(projectPage + "/delete"));
        assertEquals(303, deleted.statusCode());
        assertTrue(location(deleted).endsWith("/admin/projects"));
        assertFalse(server.send(admin.request("/admin/projects")).body().contains("html-school"));
        assertEquals(303, server.send(admin.form(programPage + "/delete")).statusCode());
        assertEquals(404, server.send(admin.request(programPage)).statusCode());
    }

    @Test
    void rejectedFormComesBackWithMessagesBesideFieldsAndTypedValues() {
        HttpResponse<String> rejected = server.send(admin.form("/admin/projects", "slug", "Bad Slug",
                "name", "Проект мечты", "familyId", "courses", "openUntil", "tomorrow"));
        assertEquals(422, rejected.statusCode());
        String page = rejected.body();
        assertTrue(page.contains("id=\"error-slug\""), page);
        assertTrue(page.contains("id=\"error-openUntil\""), page);
        assertFalse(page.contains("id=\"error-name\""), "a valid field has no message");
        assertTrue(page.contains("value=\"Проект мечты\""), "typed values are kept");
        assertTrue(page.contains("value=\"Bad Slug\""), "even the invalid ones");

        long program = id(post("/api/v1/admin/programs", "{\"code\": \"html-limits\", \"name\": \"Limits\"}"));
        HttpResponse<String> badPlaces = server.send(admin.form("/admin/programs/" + program, "code", "html-limits",
                "name", "Limits", "places", "many"));
        assertEquals(422, badPlaces.statusCode());
        assertTrue(badPlaces.body().contains("id=\"error-places\""), badPlaces.body());
        assertTrue(badPlaces.body().contains("value=\"many\""));
    }

    @Test
    void deletingWhatHasDeclarationsIsAConflict() {
        long program = id(post("/api/v1/admin/programs", "{\"code\": \"busy-program\", \"name\": \"Busy\"}"));
        long project = id(post("/api/v1/admin/projects",
                "{\"slug\": \"busy-project\", \"name\": \"Busy\", \"familyId\": \"courses\"}"));
        TestDeclarations.insert(server.platform().database().jdbi(), project, program, "SUBMITTED",
                OffsetDateTime.now());

        HttpResponse<String> projectDelete = server.send(admin.json(projectPath(project))
                .header("Accept-Language", "en").DELETE());
        assertEquals(409, projectDelete.statusCode());
        assertTrue(tree(projectDelete).at("/detail").asText().contains("1 declarations"), projectDelete.body());
        HttpResponse<String> programDelete = server.send(admin.json("/api/v1/admin/programs/" + program)
                .header("Accept-Language", "en").DELETE());
        assertEquals(409, programDelete.statusCode());
        assertTrue(programDelete.body().contains("make it inactive instead"), programDelete.body());
        HttpResponse<String> htmlDelete = server.send(admin.form("/admin/projects/" + project + "/delete")
                .header("Accept", "text/html"));
        assertEquals(409, htmlDelete.statusCode());
        assertTrue(htmlDelete.body().contains("удалить его нельзя"), "the refusal in the page's language (Russian): "
                + htmlDelete.body());
        assertEquals(200, server.send(admin.json(projectPath(project))).statusCode());
    }

    @Test
    void aRefusalIsToldInTheCallersLanguage() {
        HttpResponse<String> russian = server.send(admin.json(projectPath(987654)).header("Accept-Language", "ru"));
        HttpResponse<String> english = server.send(admin.json(projectPath(987654)).header("Accept-Language", "en"));

        assertEquals(404, russian.statusCode());
        assertEquals("Проекта 987654 нет", tree(russian).at("/detail").asText());
        assertEquals("No project 987654", tree(english).at("/detail").asText());
    }

    @Test
    void publicCatalogShowsOpenProjectsWithPlacesLeft() {
        long limited = program("pub-limited", "3", false);
        long unlimited = program("pub-unlimited", "", false);
        long waitlisted = program("pub-waitlisted", "0", true);
        long full = program("pub-full", "0", false);
        long inactive = id(post("/api/v1/admin/programs",
                "{\"code\": \"pub-inactive\", \"name\": \"Hidden\", \"active\": false}"));
        server.platform().database().jdbi().useHandle(handle ->
                handle.execute("UPDATE programs SET taken = 1 WHERE id = ?", limited));
        long open = project("pub-open", true, "");
        for (long program : new long[] {limited, unlimited, waitlisted, full, inactive}) {
            link(open, program);
        }
        link(project("pub-inactive-project", false, ""), limited);
        link(project("pub-ended", true, LocalDate.now().minusDays(2).toString()), limited);

        HttpResponse<String> home = server.get("/");
        assertEquals(303, home.statusCode());
        assertTrue(location(home).endsWith("/catalog"));

        String page = server.send(HttpRequest.newBuilder(server.uri("/catalog?lang=en"))).body();
        assertTrue(page.contains("id=\"project-pub-open\""), page);
        assertFalse(page.contains("pub-inactive-project"), "an inactive project is hidden");
        assertFalse(page.contains("pub-ended"), "a project past its last day is hidden");
        assertFalse(page.contains("program-pub-inactive"), "an inactive program is hidden");
        assertTrue(row(page, "pub-limited").contains("places left: 2"), row(page, "pub-limited"));
        // Mustache escapes '=' in attributes; a browser reads &#61; back as '='.
        assertTrue(row(page, "pub-limited").matches("(?s).*href=\"/apply/pub-open\\?program(=|&#61;)pub-limited\" "
                + "id=\"apply-pub-limited\".*"), row(page, "pub-limited"));
        assertTrue(row(page, "pub-unlimited").contains("no limit"));
        assertTrue(row(page, "pub-waitlisted").contains("waitlist") && row(page, "pub-waitlisted").contains("apply-"));
        assertTrue(row(page, "pub-full").contains("closed") && !row(page, "pub-full").contains("apply-"));

        JsonNode catalog = tree(server.get("/api/v1/catalog"));
        JsonNode offered = StreamSupport.stream(catalog.spliterator(), false)
                .filter(project -> project.at("/slug").asText().equals("pub-open")).findFirst().orElseThrow();
        assertEquals(4, offered.at("/programs").size());
        assertEquals(2, offered.at("/programs/0/placesLeft").asInt());
        assertTrue(offered.at("/programs/3/closed").asBoolean());
        assertFalse(catalog.toString().contains("pub-inactive-project"));
    }

    private static String row(String page, String code) {
        int start = page.indexOf("id=\"program-" + code + "\"");
        assertTrue(start >= 0, "no row for " + code);
        return page.substring(start, page.indexOf("</tr>", start));
    }

    private static long program(String code, String places, boolean waitlist) {
        return id(post("/api/v1/admin/programs", String.format(
                "{\"code\": \"%s\", \"name\": \"%s\", \"places\": \"%s\", \"waitlist\": %s}", code, code, places,
                waitlist)));
    }

    private static long project(String slug, boolean active, String openUntil) {
        return tree(post("/api/v1/admin/projects", String.format("{\"slug\": \"%s\", \"name\": \"%s\", "
                + "\"familyId\": \"courses\", \"active\": %s, \"openUntil\": \"%s\"}", slug, slug, active, openUntil)))
                .at("/project/id").asLong();
    }

    private static void link(long project, long program) {
        assertEquals(200, server.send(admin.json(projectPath(project) + "/programs/" + program).PUT(body("")))
                .statusCode());
    }

    @Test
    void aNameGivenInOneLanguageShowsOnThePagesOfEvery() {
        long program = id(post("/api/v1/admin/programs", """
                {"code": "only-english", "names": {"en": "Data Science"}, "descriptions": {"en": "Numbers"}}"""));
        JsonNode stored = tree(server.send(admin.json("/api/v1/admin/programs/" + program)));
        assertEquals("Data Science", stored.at("/name").asText(), "the default-language column falls back too");
        assertEquals("{\"en\":\"Data Science\"}", stored.at("/names").toString());

        long project = id(post("/api/v1/admin/projects", """
                {"slug": "both-languages", "names": {"ru": "Школа данных", "en": "Data school"},
                 "familyId": "courses", "openUntil": "2099-12-31"}"""));
        assertEquals(200, server.send(admin.json(projectPath(project) + "/programs/" + program)
                .PUT(body(""))).statusCode());

        String russian = server.get("/catalog?lang=ru").body();
        assertTrue(russian.contains("<h2>Школа данных</h2>"), "each language shows its own name");
        assertTrue(russian.contains("<b>Data Science</b>"), "a name missing in Russian falls back to English");
        assertTrue(russian.contains("31.12.2099"), "the last day in the Russian date format");
        String english = server.get("/catalog?lang=en").body();
        assertTrue(english.contains("<h2>Data school</h2>") && english.contains("<b>Data Science</b>"), english);
        assertTrue(english.contains("2099-12-31"), english);

        JsonNode catalog = tree(server.send(HttpRequest.newBuilder(server.uri("/api/v1/catalog"))
                .header("Accept-Language", "en")));
        JsonNode offered = StreamSupport.stream(catalog.spliterator(), false)
                .filter(entry -> entry.at("/slug").asText().equals("both-languages")).findFirst().orElseThrow();
        assertEquals("Data school", offered.at("/name").asText());
        assertEquals("Школа данных", offered.at("/names/ru").asText());
        assertEquals("Data Science", offered.at("/programs/0/names/en").asText());

        String adminList = server.send(admin.request("/admin/projects?lang=en")).body();
        assertTrue(adminList.contains(">Data school</a>") && adminList.contains("2099-12-31"), adminList);
        assertTrue(server.send(admin.request("/admin/projects?lang=ru")).body().contains(">Школа данных</a>"));
    }

    @Test
    void namesPerLanguageRoundTripThroughTheApi() {
        long program = id(post("/api/v1/admin/programs", """
                {"code": "round-trip", "names": {"ru": "Физика", "en": "Physics"},
                 "descriptions": {"ru": "Опыты", "en": "Experiments"}}"""));
        JsonNode stored = tree(server.send(admin.json("/api/v1/admin/programs/" + program)));
        assertEquals("{\"en\":\"Physics\",\"ru\":\"Физика\"}", stored.at("/names").toString());
        assertEquals("{\"en\":\"Experiments\",\"ru\":\"Опыты\"}", stored.at("/descriptions").toString());
        assertEquals("Физика", stored.at("/name").asText(), "the name column holds the default language's");

        // A client of the first release sends the single field: the Russian name changes, English stays.
        JsonNode renamed = tree(server.send(admin.json("/api/v1/admin/programs/" + program).PUT(body("""
                {"code": "round-trip", "name": "Общая физика"}"""))));
        assertEquals("{\"en\":\"Physics\",\"ru\":\"Общая физика\"}", renamed.at("/names").toString());

        JsonNode englishOnly = tree(server.send(admin.json("/api/v1/admin/programs/" + program).PUT(body("""
                {"code": "round-trip", "names": {"en": "Physics"}}"""))));
        assertEquals("{\"en\":\"Physics\"}", englishOnly.at("/names").toString(), "per-language names replace");
        assertEquals("Physics", englishOnly.at("/name").asText());
    }

    @Test
    void invalidNamesPerLanguageAreToldPerEntry() {
        HttpResponse<String> invalid = server.send(admin.json("/api/v1/admin/programs").header("Accept-Language", "en")
                .POST(body("{\"code\": \"bad-names\", \"names\": {\"ru\": \"Хорошо\", \"fr\": \"Bien\", \"en\": \""
                        + "x".repeat(201) + "\"}, \"descriptions\": {\"en\": \"" + "y".repeat(5001) + "\"}}")));
        assertEquals(422, invalid.statusCode(), invalid.body());
        assertEquals(Set.of("names.fr", "names.en", "descriptions.en"), fields(tree(invalid)));
        assertTrue(invalid.body().contains("Not an offered language"), invalid.body());
        assertTrue(invalid.body().contains("At most 200 characters"), invalid.body());

        HttpResponse<String> unnamed = server.send(admin.json("/api/v1/admin/projects").POST(body("""
                {"slug": "unnamed", "names": {"ru": " ", "en": ""}, "familyId": "courses"}""")));
        assertEquals(422, unnamed.statusCode(), unnamed.body());
        assertEquals(Set.of("name"), fields(tree(unnamed)));
        assertTrue(unnamed.body().contains("хотя бы на одном языке"), "Russian by default: " + unnamed.body());

        HttpResponse<String> wrongShape = server.send(admin.json("/api/v1/admin/programs").POST(body("""
                {"code": "bad-shape", "names": ["Физика"]}""")));
        assertEquals(400, wrongShape.statusCode(), wrongShape.body());
        assertEquals(Set.of("names"), fields(tree(wrongShape)));
    }

    @Test
    void theFormsTakeANameAndADescriptionPerLanguage() {
        HttpResponse<String> created = server.send(admin.form("/admin/programs?lang=en", "code", "form-names",
                "names.ru", "", "names.en", "Robotics", "descriptions.ru", "Роботы", "descriptions.en", "", "places", ""));
        assertEquals(303, created.statusCode(), created.body());
        String edit = server.send(admin.request(location(created) + "?lang=ru")).body();
        assertTrue(edit.contains("name=\"names.en\" value=\"Robotics\""), edit);
        assertTrue(edit.contains("name=\"names.ru\" value=\"\""), "an input per offered language");
        assertTrue(edit.contains(">Роботы</textarea>"), edit);
        assertTrue(edit.contains("<title>Robotics"), "the Russian page falls back to the English name");

        HttpResponse<String> tooLong = server.send(admin.form("/admin/projects?lang=en", "slug", "form-too-long",
                "names.ru", "Проект", "names.en", "x".repeat(201), "familyId", "courses"));
        assertEquals(422, tooLong.statusCode(), tooLong.body());
        assertTrue(tooLong.body().contains("id=\"error-names-en\""), tooLong.body());
        assertTrue(tooLong.body().contains("value=\"Проект\""), "what was typed is shown again");
    }

    private static HttpResponse<String> post(String path, String json) {
        HttpResponse<String> response = server.send(admin.json(path).POST(body(json)));
        assertEquals(201, response.statusCode(), response.body());
        return response;
    }

    private static long id(HttpResponse<String> created) {
        JsonNode node = tree(created);
        return node.has("project") ? node.at("/project/id").asLong() : node.at("/id").asLong();
    }

    private static String projectPath(long id) {
        return "/api/v1/admin/projects/" + id;
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").map(uri -> uri.replaceFirst("^https?://[^/]+", ""))
                .orElseThrow(() -> new AssertionError("no Location header"));
    }

    private static Set<String> fields(JsonNode problem) {
        return StreamSupport.stream(problem.at("/errors").spliterator(), false)
                .map(error -> error.at("/field").asText()).collect(Collectors.toSet());
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private static JsonNode tree(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(response.body(), e);
        }
    }
}
