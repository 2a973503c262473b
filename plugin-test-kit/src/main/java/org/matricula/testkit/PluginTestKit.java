package org.matricula.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.matricula.api.CourseFamily;
import org.matricula.platform.Platform;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.config.ConfigLoader;
import org.matricula.platform.plugins.PluginInfo;

/**
 * A real Matricula platform for a plugin's own tests: builds the plugin's JAR from the compiled
 * classes and resources ({@code target/classes}) with a PF4J manifest, starts the platform on a
 * free port with its embedded PostgreSQL in a temporary folder and the JAR in its plugins folder,
 * creates a project of the plugin's family with one open program, and drives it over HTTP as an
 * applicant would:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final PluginTestKit kit = PluginTestKit.plugin("evening-school", "1.0.0", EveningSchoolPlugin.class);
 *
 * &#64;Test
 * void declarationIsStoredAndPrinted() {
 *     PluginTestKit.Submitted declaration = kit.submit(Map.of("lastName", "Иванова", ...));
 *     assertTrue(declaration.accepted(), declaration::body);
 *     assertTrue(kit.pdfText(declaration).contains("Иванова"));
 *     assertEquals(List.of("submitted"), kit.awaitEvents(1).stream().map(PluginTestKit.Event::type).toList());
 * }
 * </pre>
 *
 * Registered with {@code @RegisterExtension} on a static field it starts before the class's tests
 * and stops after them; used on its own, {@link #start()} and {@link #close()} do the same.
 */
public final class PluginTestKit implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** The project the kit creates for the plugin's family, and its program. */
    public static final String PROJECT = "test-project";
    public static final String PROGRAM = "test-program";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_EMAIL = "kit-admin@example.org";
    private static final String ADMIN_PASSWORD = "kit-admin-password-1";
    private static final Pattern FIELD_ERROR = Pattern.compile("id=\"error-([A-Za-z0-9_.-]+)\"");

    private final String pluginId;
    private final String version;
    private final String pluginClass;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final AtomicInteger applicants = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private String requires = ">=1.0.0 & <2.0.0";
    private Path classes = Path.of("target", "classes");
    private Path home;
    private Platform platform;
    private String familyId;
    private Session admin;

    private PluginTestKit(String pluginId, String version, String pluginClass) {
        this.pluginId = pluginId;
        this.version = version;
        this.pluginClass = pluginClass;
    }

    /** A kit for the plugin with this {@code Plugin-Id}, {@code Plugin-Version} and {@code Plugin-Class}. */
    public static PluginTestKit plugin(String pluginId, String version, Class<?> pluginClass) {
        return new PluginTestKit(pluginId, version, pluginClass.getName());
    }

    /** The {@code Plugin-Requires} of the JAR; by default {@code >=1.0.0 & <2.0.0}. */
    public PluginTestKit requires(String constraint) {
        this.requires = constraint;
        return this;
    }

    /** Where the compiled classes and resources are; by default {@code target/classes}. */
    public PluginTestKit classes(Path folder) {
        this.classes = folder;
        return this;
    }

    /** A platform setting, for instance {@code plugin.<id>.<key>} of the plugin's configuration. */
    public PluginTestKit setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Builds the JAR, starts the platform with it and creates the test project. */
    public PluginTestKit start() {
        try {
            home = Files.createTempDirectory("matricula-test-kit");
            Path plugins = Files.createDirectories(home.resolve("plugins"));
            Path jar = PluginJarBuilder.build(classes, pluginId, version, pluginClass, requires,
                    plugins.resolve(pluginId + "-" + version + ".jar"));
            Map<String, String> all = new LinkedHashMap<>(Map.of(
                    "db.url", "", "db.embedded.port", "0", "data.dir", home.resolve("data").toString(),
                    "plugins.dir", plugins.toString(), "http.host", "127.0.0.1", "http.port", "0",
                    "admin.token", "kit-" + UUID.randomUUID(), "plugins.scan-interval", "200ms",
                    "outbox.poll-interval", "100ms"));
            all.put("admin.initial-email", ADMIN_EMAIL);
            all.put("admin.initial-password", ADMIN_PASSWORD);
            all.putAll(settings);
            platform = Platform.start(ConfigLoader.load(null, Map.of(), all, home));
            PluginInfo info = plugin();
            if (!"STARTED".equals(info.state())) {
                throw new AssertionError("Plugin " + pluginId + " " + version + " (" + jar.getFileName() + ") did not start: "
                        + Optional.ofNullable(info.failureReason()).orElse(info.state()));
            }
            familyId = platform.plugins().extensionsOf(CourseFamily.class, pluginId).stream().findFirst()
                    .map(CourseFamily::id).orElseThrow(() -> new AssertionError("Plugin " + pluginId
                            + " started but offers no CourseFamily (is it annotated @Extension, and did the"
                            + " compiler write META-INF/extensions.idx?)"));
            createProject();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    private void createProject() {
        Catalog catalog = new Catalog(platform.database().jdbi(), id -> true);
        Project project = catalog.createProject(new ProjectInput(PROJECT, "Тестовый проект", "", familyId, true, "", ""));
        Program program = catalog.createProgram(new ProgramInput(PROGRAM, "Тестовая программа", "", true, "", false));
        catalog.link(project.id(), program.id());
        // the running platform learns of the new project through the database; wait until it offers it
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!get("/api/v1/catalog").body().contains("\"" + PROJECT + "\"")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The test project did not appear in the catalog: " + get("/api/v1/catalog").body());
            }
            pause(50);
        }
    }

    /** The running platform, for what the helpers do not cover. */
    public Platform platform() {
        return platform;
    }

    /** The id of the plugin's course family. */
    public String familyId() {
        return familyId;
    }

    /** The plugin as the platform lists it: state, version, failure reason. */
    public PluginInfo plugin() {
        return platform.plugins().list().stream().filter(info -> info.id().equals(pluginId)).findFirst()
                .orElseThrow(() -> new AssertionError("Plugin " + pluginId + " is not installed"));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + platform.port() + path);
    }

    /** A GET without a session. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The family's form as the platform renders it, in Russian. */
    public String formHtml() {
        return formHtml("ru");
    }

    /** The family's form as the platform renders it, in this language. */
    public String formHtml(String language) {
        HttpResponse<String> form = get("/families/" + familyId + "/form?lang=" + language);
        if (form.statusCode() != 200) {
            throw new AssertionError("GET form answered " + form.statusCode() + ": " + form.body());
        }
        return form.body();
    }

    /** The family as JSON clients get it ({@code GET /api/v1/families/<id>}): sections, fields, texts per language. */
    public JsonNode formJson() {
        return json(get("/api/v1/families/" + familyId));
    }

    /**
     * Checks values with the family's rules without storing anything; the field errors by field,
     * empty when the values would be accepted.
     */
    public Map<String, String> validate(Map<String, String> values) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/families/" + familyId + "/validate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(write(values))));
        if (response.statusCode() == 200 || response.statusCode() == 204) {
            return Map.of();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        json(response).path("errors").forEach(error -> errors.put(error.path("field").asText(),
                error.path("message").asText()));
        if (errors.isEmpty()) {
            throw new AssertionError("validate answered " + response.statusCode() + ": " + response.body());
        }
        return errors;
    }

    /**
     * A new applicant, signed up through the platform's API, whose address counts as confirmed (as
     * after following the mailed link): the platform takes declarations from confirmed addresses only.
     */
    public Session signUp() {
        String email = "applicant-" + applicants.incrementAndGet() + "-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/auth/signup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        write(Map.of("email", email, "password", "applicant-password-1", "displayName", "Applicant")))));
        Session session = session(response, email);
        platform.database().jdbi().useHandle(handle -> handle.createUpdate(
                "UPDATE accounts SET verified_at = now() WHERE email = :email").bind("email", email).execute());
        return session;
    }

    /** The platform admin the kit configured, logged in. */
    public Session admin() {
        if (admin == null) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            write(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)))));
            admin = session(response, ADMIN_EMAIL);
        }
        return admin;
    }

    private Session session(HttpResponse<String> response, String email) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("Signing in " + email + " answered " + response.statusCode() + ": " + response.body());
        }
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("matricula_session=")).findFirst()
                .map(value -> value.substring(0, value.indexOf(';') < 0 ? value.length() : value.indexOf(';')))
                .orElseThrow(() -> new AssertionError("No session cookie in " + response.headers()));
        JsonNode body = json(response);
        return new Session(this, UUID.fromString(body.path("id").asText()), email, cookie,
                body.path("csrfToken").asText());
    }

    /** Submits these values to the test program as a new applicant, through the apply form. */
    public Submitted submit(Map<String, String> values) {
        return submit(signUp(), values);
    }

    /** Submits these values to the test program as this applicant, through the apply form. */
    public Submitted submit(Session applicant, Map<String, String> values) {
        Map<String, String> posted = new LinkedHashMap<>(values);
        posted.putIfAbsent("program", PROGRAM);
        posted.put("_csrf", applicant.csrfToken());
        HttpResponse<String> response = send(applicant.request("/apply/" + PROJECT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(posted))));
        String location = response.headers().firstValue("Location").orElse("");
        Matcher id = Pattern.compile("/office/declarations/([0-9a-f-]{36})").matcher(location);
        List<String> fields = new ArrayList<>();
        Matcher error = FIELD_ERROR.matcher(response.body());
        while (error.find()) {
            fields.add(error.group(1));
        }
        if (response.statusCode() == 303 && id.find()) {
            UUID declaration = UUID.fromString(id.group(1));
            String number = platform.database().jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT number FROM declarations WHERE id = :id").bind("id", declaration).mapTo(String.class).one());
            return new Submitted(applicant, response.statusCode(), declaration, number, List.of(), response.body());
        }
        return new Submitted(applicant, response.statusCode(), null, null, List.copyOf(fields), response.body());
    }

    /** The declaration's PDF as its applicant downloads it. */
    public byte[] pdf(Submitted declaration) {
        requireAccepted(declaration);
        try {
            HttpResponse<byte[]> response = client.send(declaration.applicant()
                    .request("/office/declarations/" + declaration.id() + "/pdf").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("The PDF answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The text of the declaration's PDF, read back with PDFBox. */
    public String pdfText(Submitted declaration) {
        try (PDDocument document = Loader.loadPDF(pdf(declaration))) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the declaration to another status as the platform admin: the plugin gets a status change event. */
    public void changeStatus(Submitted declaration, String status) {
        requireAccepted(declaration);
        Session staff = admin();
        HttpResponse<String> response = send(staff.request("/api/v1/admin/declarations/" + declaration.id() + "/status")
                .header("Content-Type", "application/json").header("X-CSRF-Token", staff.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("status", status, "comment", "")))));
        if (response.statusCode() != 200) {
            throw new AssertionError("Changing the status answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * The declaration events the plugin's {@code DeclarationListener}s received, oldest first:
     * those delivered without an exception ({@link Event#delivered()}) and those still being retried.
     */
    public List<Event> events() {
        return platform.database().jdbi().withHandle(handle -> handle.createQuery("""
                SELECT o.payload->>'type' AS type,
                       coalesce(d.number, o.payload->'statusChanged'->>'number') AS number,
                       o.payload->'statusChanged'->>'to' AS status, o.status = 'DONE' AS delivered, o.last_error
                FROM outbox o LEFT JOIN declarations d ON d.id = CAST(o.payload->>'declarationId' AS uuid)
                WHERE o.kind = 'event' AND o.target = :plugin ORDER BY o.id""")
                .bind("plugin", pluginId)
                .map((rs, ctx) -> new Event(rs.getString("type"), rs.getString("number"), rs.getString("status"),
                        rs.getBoolean("delivered"), rs.getString("last_error")))
                .list());
    }

    /** Waits up to ten seconds until the plugin received at least {@code count} events; returns those received. */
    public List<Event> awaitEvents(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Event> delivered = events().stream().filter(Event::delivered).toList();
            if (delivered.size() >= count) {
                return delivered;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The plugin received " + delivered.size() + " of " + count + " events: " + events());
            }
            pause(50);
        }
    }

    @Override
    public void close() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    private void requireAccepted(Submitted declaration) {
        if (!declaration.accepted()) {
            throw new AssertionError("The declaration was not stored (" + declaration.status() + ", errors on "
                    + declaration.fieldErrors() + ")");
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A signed-in account: its session cookie and CSRF token. */
    public record Session(PluginTestKit kit, UUID accountId, String email, String cookie, String csrfToken) {

        /** A request that carries the session. */
        public HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(kit.uri(path)).header("Cookie", cookie);
        }

        /** A GET with the session. */
        public HttpResponse<String> get(String path) {
            return kit.send(request(path));
        }
    }

    /**
     * What the apply form answered: a stored declaration ({@link #accepted()}, with its id and
     * number), or the form again with the fields that have errors.
     */
    public record Submitted(Session applicant, int status, UUID id, String number, List<String> fieldErrors,
            String body) {

        public boolean accepted() {
            return id != null;
        }
    }

    /**
     * One event for the plugin: {@code submitted} or {@code statusChanged} (with the new status),
     * whether its listeners took it, and the last error while they did not.
     */
    public record Event(String type, String number, String status, boolean delivered, String lastError) {
    }
}
