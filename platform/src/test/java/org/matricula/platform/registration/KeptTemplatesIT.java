package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.DeclarationPdfText;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestSessions;

/**
 * A declaration prints with the template of the family version it was submitted under: after an
 * upgrade that changed the template, while the family is disabled, and after its JAR is removed.
 */
class KeptTemplatesIT {

    private static final String ID = "evening-art";

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());

    @Test
    void declarationsPrintWithTheirOwnVersionsTemplateWhateverHappensToThePlugin() throws Exception {
        Jdbi jdbi = server.platform().database().jdbi();
        install("1.0.0", "Первая версия");
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("art", "Вечернее искусство", "", ID, true, "", ""));
        for (String code : new String[] {"drawing", "sculpture"}) {
            Program program = catalog.createProgram(new ProgramInput(code, "Программа " + code, "", true, "10", false));
            catalog.link(project.id(), program.id());
        }
        TestSessions.Session me = TestSessions.applicant(jdbi);
        String first = submit(me, "drawing");
        assertEquals("1.0.0", jdbi.withHandle(h -> h.createQuery(
                "SELECT family_version FROM declarations WHERE id = CAST(? AS uuid)").bind(0, first)
                .mapTo(String.class).one()), "the declaration knows its family version");

        install("1.1.0", "Вторая версия");
        String second = submit(me, "sculpture");
        assertPrints(me, first, "Первая версия");
        assertPrints(me, second, "Вторая версия");

        server.platform().plugins().disable(ID);
        assertEquals(404, server.get("/api/families/" + ID).statusCode(), "the family is not live");
        assertPrints(me, first, "Первая версия");
        assertPrints(me, second, "Вторая версия");

        server.platform().plugins().remove(ID);
        assertPrints(me, first, "Первая версия");
        assertPrints(me, second, "Вторая версия");
    }

    private static void install(String version, String heading) throws Exception {
        Path folder = Files.createTempDirectory("kept-templates");
        Path jar = PluginJar.plugin(ID, version).pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/" + ID + "/V1__notes.sql", "CREATE TABLE notes (note text);")
                .resource("org/matricula/platform/plugins/fixtures/declaration.mustache", """
                        <html><head><style>body { font-family: '{{fontFamily}}'; }</style></head>
                        <body><h1>%s № {{number}}</h1><p>{{family}}: {{program}}</p></body></html>"""
                        .formatted(heading))
                .writeTo(folder, ID + "-" + version + ".jar");
        try (InputStream in = Files.newInputStream(jar)) {
            assertEquals("STARTED", server.platform().plugins().install(ID + "-" + version + ".jar", in).plugin().state());
        }
    }

    private static void assertPrints(TestSessions.Session me, String id, String heading) throws Exception {
        HttpResponse<byte[]> pdf = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.uri("/office/declarations/" + id + "/pdf")).header("Cookie", me.cookie()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode(), () -> new String(pdf.body(), StandardCharsets.UTF_8));
        String text = DeclarationPdfText.text(pdf.body());
        assertTrue(text.contains(heading + " №"), text);
        assertTrue(text.contains("Тестовое семейство: Программа"), text);
        assertFalse(text.contains(heading.startsWith("Первая") ? "Вторая версия" : "Первая версия"), text);
    }

    private static String submit(TestSessions.Session me, String program) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("program", program);
        values.put("email", "maria@example.org");
        values.put("phone", "+7 912 345-67-89");
        values.put("_csrf", me.csrf());
        HttpResponse<String> submitted = server.send(HttpRequest.newBuilder(server.uri("/apply/art"))
                .header("Cookie", me.cookie()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(values.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&")))));
        assertEquals(303, submitted.statusCode(), submitted.body());
        String location = submitted.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("/office/declarations/") + "/office/declarations/".length(),
                location.indexOf('?'));
    }
}
