package org.matricula.platform.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.api.MatriculaApi;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestSessions;

/**
 * The compatibility promise, run: a plugin compiled against the released plugin API 1.0.0 JAR
 * (src/test/plugin-api-1.0) is dropped into the current platform, which serves its form, checks and
 * stores a declaration by its rules, and hands its listener a status change through the 1.0
 * string accessors.
 */
class PluginApi10CompatibilityIT {

    private static final Path CHECKOUT = Path.of(System.getProperty("matricula.checkout", ".."))
            .toAbsolutePath().normalize();
    private static final Path API_10 = CHECKOUT.resolve("plugin-api/src/compat/plugin-api-1.0.0.jar");
    private static final Path PLUGIN_SOURCES = CHECKOUT.resolve("platform/src/test/plugin-api-1.0");

    static RunningPlatform server;
    static Jdbi jdbi;

    @BeforeAll
    static void compilePluginAndStart() throws Exception {
        Path classes = compileAgainstApi10(Files.createTempDirectory("music-school-classes"));
        server = RunningPlatform.start(Map.of());
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("music-school", "1.0.0").pluginClassName("org.example.music.MusicSchoolPlugin")
                .requires(">=1.0.0 & <2.0.0").files(classes).writeTo(server.pluginsDir(), "music-school.jar");
        awaitLive("music-school");

        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("music", "Музыкальная школа", "", "music-school",
                true, "", ""));
        Program program = catalog.createProgram(new ProgramInput("beginners", "Начальный курс", "", true, "", false));
        catalog.link(project.id(), program.id());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pluginWasCompiledAgainstTheReleased10Api() throws IOException {
        try (ZipFile api = new ZipFile(API_10.toFile())) {
            assertNull(api.getEntry("org/matricula/api/event/DeclarationStatus.class"), "1.1 types are not in 1.0.0");
            assertTrue(api.getEntry("org/matricula/api/CourseFamily.class") != null);
        }
    }

    @Test
    void formOfThe10PluginIsServed() {
        HttpResponse<String> family = server.get("/api/families/music-school");
        assertEquals(200, family.statusCode(), family.body());
        assertTrue(family.body().contains("\"name\":\"instrument\""), family.body());
        assertTrue(family.body().contains("\"apiVersion\":\"" + MatriculaApi.VERSION + "\""), family.body());

        HttpResponse<String> form = server.get("/families/music-school/form?lang=en");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<h1>Music school</h1>"), form.body());
        assertTrue(form.body().contains("Years played"));
        assertTrue(server.get("/families/music-school/form").body().contains("Лет занятий"));
    }

    @Test
    void declarationIsCheckedByThe10RulesAndStored() {
        TestSessions.Session applicant = TestSessions.applicant(server);
        HttpResponse<String> tooEarly = submit(applicant, "organ", "1");
        assertEquals(422, tooEarly.statusCode(), tooEarly.body());
        assertTrue(tooEarly.body().contains("The organ is taught after three years of playing"), tooEarly.body());

        HttpResponse<String> stored = submit(applicant, "piano", "5");
        assertEquals(201, stored.statusCode(), stored.body());
        UUID id = UUID.fromString(field(stored.body(), "id"));
        assertEquals(List.of("music-school", "piano", "5"), jdbi.withHandle(h -> h.createQuery("""
                SELECT family_id, values->>'instrument', values->>'yearsPlayed' FROM declarations WHERE id = ?""")
                .bind(0, id).map((row, column, context) -> List.of(row.getString(1), row.getString(2),
                        row.getString(3))).one()));
    }

    @Test
    void statusChangeReachesThe10ListenerAsStatusNames() throws InterruptedException {
        HttpResponse<String> stored = submit(TestSessions.applicant(server), "organ", "7");
        assertEquals(201, stored.statusCode(), stored.body());
        String id = field(stored.body(), "id");
        String number = field(stored.body(), "number");

        TestSessions.Session admin = TestSessions.admin(server);
        HttpResponse<String> accepted = server.send(admin.json("/api/v1/admin/declarations/" + id + "/status")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ACCEPTED\",\"comment\":\"\"}")));
        assertEquals(200, accepted.statusCode(), accepted.body());

        assertEquals("SUBMITTED -> ACCEPTED", awaitLogged(number).orElseThrow(() -> new AssertionError(
                "the listener did not log " + number + "; outbox: " + jdbi.withHandle(h -> h.createQuery(
                        "SELECT string_agg(status || ' ' || coalesce(last_error, ''), '; ') FROM outbox")
                        .mapTo(String.class).one()))));
    }

    /** Compiles the plugin with the 1.0.0 API, PF4J and SLF4J alone on the class path, as its own build would. */
    private static Path compileAgainstApi10(Path output) throws IOException, URISyntaxException {
        Path sources = PLUGIN_SOURCES.resolve("java");
        List<Path> classPath = List.of(API_10, jarOf(org.pf4j.Plugin.class), jarOf(org.slf4j.Logger.class));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
             Stream<Path> walk = Files.walk(sources)) {
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            files.setLocationFromPaths(StandardLocation.ANNOTATION_PROCESSOR_PATH, classPath);
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
            List<Path> javaFiles = walk.filter(file -> file.toString().endsWith(".java")).toList();
            // PF4J's processor writes META-INF/extensions.idx from the @Extension classes, as in a plugin's build.
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor"), null,
                    files.getJavaFileObjectsFromPaths(javaFiles)).call();
            assertTrue(compiled, () -> "The 1.0 plugin does not compile against plugin-api 1.0.0:\n"
                    + diagnostics.getDiagnostics().stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
        Path resources = PLUGIN_SOURCES.resolve("resources");
        try (Stream<Path> walk = Files.walk(resources)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = output.resolve(resources.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        assertTrue(Files.readString(output.resolve("META-INF/extensions.idx")).contains("org.example.music.StatusLog"));
        return output;
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static HttpResponse<String> submit(TestSessions.Session applicant, String instrument, String years) {
        String values = "{\"email\":\"" + applicant.email() + "\",\"phone\":\"+7 912 000-11-22\","
                + "\"instrument\":\"" + instrument + "\",\"yearsPlayed\":\"" + years + "\"}";
        return server.send(applicant.json("/api/me/declarations?lang=en").POST(HttpRequest.BodyPublishers.ofString(
                "{\"project\":\"music\",\"program\":\"beginners\",\"values\":" + values + "}")));
    }

    private static Optional<String> awaitLogged(String number) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<String> logged = jdbi.withHandle(h -> h.createQuery("""
                    SELECT from_status || ' -> ' || to_status FROM "music-school".status_log WHERE number = ?""")
                    .bind(0, number).mapTo(String.class).findOne());
            if (logged.isPresent()) {
                return logged;
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private static void awaitLive(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (server.get("/api/families/" + id).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " did not go live: "
                        + server.send(server.admin("/api/admin/plugins")).body());
            }
            Thread.sleep(100);
        }
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertTrue(matcher.find(), json);
        return matcher.group(1);
    }
}
