package org.matricula.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;

/**
 * The example in docs/writing-a-plugin.md, built as a newcomer following the page would build it:
 * the commands of its sections 1 and 7 as written there, in a copy of docs/example-plugin (a
 * separate Maven project against the installed plugin-api and test kit, whose own tests run a real
 * platform), then the JAR it built dropped into a running platform, its form rendered, a
 * submission validated and its own routes served.
 */
class ExamplePluginIT {

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static Path exampleJar;

    @BeforeAll
    static void buildExampleAndStart() throws Exception {
        exampleJar = buildExample();
        Files.copy(exampleJar, server.pluginsDir().resolve("evening-school.jar"), StandardCopyOption.REPLACE_EXISTING);
        awaitLive("evening-school");
    }

    @Test
    void familyIsListedWithItsApiVersion() {
        String families = server.get("/api/families").body();
        assertTrue(families.contains("\"id\":\"evening-school\""), families);
        assertTrue(families.contains("\"weeklyHours\""), families);
    }

    @Test
    void aThirdLanguageIsOneMoreBundleAndReachesJsonClients() {
        String family = server.get("/api/families/evening-school").body();
        assertTrue(family.contains("\"kk\":\"Кешкі мектеп\""), family);
        assertTrue(family.contains("\"kk\":\"Аптасына сағат\""), family);

        Map<String, String> values = goodValues();
        values.put("position", values.get("organization"));
        String json = values.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        HttpResponse<String> kazakh = server.send(HttpRequest.newBuilder(
                server.uri("/api/families/evening-school/validate?lang=kk")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertEquals(422, kazakh.statusCode(), kazakh.body());
        assertTrue(kazakh.body().contains("Лауазым ұйым атауымен бірдей болмауы керек"), kazakh.body());
    }

    @Test
    void formRendersInRussianAndEnglish() {
        HttpResponse<String> russian = server.get("/families/evening-school/form");
        assertEquals(200, russian.statusCode());
        assertTrue(russian.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(russian.body().contains("<h1>Вечерняя школа</h1>"), russian.body());
        assertTrue(russian.body().contains("Часов в неделю"));
        assertTrue(russian.body().contains("name=\"weeklyHours\""));

        String english = server.get("/families/evening-school/form?lang=en").body();
        assertTrue(english.contains("<h1>Evening school</h1>"), english);
        assertTrue(english.contains("Hours a week"));
    }

    @Test
    void badSubmissionIsShownBesideItsFieldsWithEverythingKept() {
        Map<String, String> values = goodValues();
        values.put("weeklyHours", "40");
        values.put("position", "Ромашка");
        HttpResponse<String> response = post(values, "en");
        assertEquals(422, response.statusCode());
        String html = response.body();
        assertTrue(html.contains("id=\"error-weeklyHours\""), html);
        assertTrue(html.contains("value=\"Иванова\""), "typed values are kept");
        assertFalse(html.contains("id=\"form-ok\""));

        values.put("weeklyHours", "6");
        HttpResponse<String> crossField = post(values, "en");
        assertEquals(422, crossField.statusCode());
        assertTrue(crossField.body().contains("The position cannot be the same as the organization"),
                crossField.body());
    }

    @Test
    void itsOwnRoutesAreServed() {
        HttpResponse<String> weekdays = server.get("/plugins/evening-school/weekdays");
        assertEquals(200, weekdays.statusCode(), weekdays.body());
        assertTrue(weekdays.body().contains("wednesday"), weekdays.body());
        assertEquals(401, server.send(HttpRequest.newBuilder(server.uri("/plugins/evening-school/admin"))
                .header("Accept", "application/json")).statusCode());
        assertTrue(server.get("/plugins/evening-school/assets/1.0.0/schedule.css").body().contains(".weekdays"));
    }

    @Test
    void goodSubmissionPasses() {
        HttpResponse<String> response = post(goodValues(), "ru");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("id=\"form-ok\""), response.body());
    }

    private static Map<String, String> goodValues() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("lastName", "Иванова");
        values.put("firstName", "Мария");
        values.put("birthDate", "1990-05-17");
        values.put("sex", "female");
        values.put("email", "maria@example.org");
        values.put("phone", "+7 912 345-67-89");
        values.put("organization", "Ромашка");
        values.put("position", "Бухгалтер");
        values.put("weeklyHours", "6");
        values.put("personalDataConsent", "true");
        return values;
    }

    private static HttpResponse<String> post(Map<String, String> values, String lang) {
        String body = values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return server.send(HttpRequest.newBuilder(server.uri("/families/evening-school/form?lang=" + lang))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The fenced block that follows the marker {@code <!-- name -->} in the guide, line by line. */
    static List<String> commands(String guide, String marker) {
        int at = guide.indexOf("<!-- " + marker + " -->");
        if (at < 0) {
            throw new AssertionError("docs/writing-a-plugin.md lost its marked block " + marker);
        }
        int open = guide.indexOf("```", at);
        int close = guide.indexOf("```", open + 3);
        return guide.substring(guide.indexOf('\n', open) + 1, close).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
    }

    @Test
    void theGuideInstallsPluginApiAndTheTestKitWithOneCommand() {
        List<String> install = commands(guide(), "get-plugin-api");
        assertEquals(1, install.size(), install.toString());
        String command = install.get(0);
        assertTrue(command.startsWith("mvn ") && command.contains(" install") && command.contains("-am"), command);
        assertTrue(command.contains("plugin-api") && command.contains("plugin-test-kit"), command);
        // the normal build ran that install before this module: what it installs is there
        Path repository = Path.of(System.getProperty("matricula.local-repository",
                System.getProperty("user.home") + "/.m2/repository"));
        for (String artifact : List.of("plugin-api", "plugin-test-kit", "platform", "matricula-parent")) {
            assertTrue(Files.isDirectory(repository.resolve("org/matricula/" + artifact + "/0.1.0-SNAPSHOT")), artifact);
        }
    }

    private static String guide() {
        try {
            return Files.readString(checkout().resolve("docs/writing-a-plugin.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path checkout() {
        return Path.of(System.getProperty("matricula.checkout", "..")).toAbsolutePath().normalize();
    }

    /**
     * Runs the guide's build block in a copy of the checkout's docs/example-plugin: {@code cd} into
     * it, each {@code mvn} command with the build's own Maven and local repository, and the
     * {@code cp} of the JAR, whose file this returns.
     */
    private static Path buildExample() throws IOException, InterruptedException {
        Path workspace = Files.createTempDirectory("example-plugin");
        Path source = checkout().resolve("docs/example-plugin");
        Path project = workspace.resolve("docs/example-plugin");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/target/"))
                    .toList()) {
                Path target = project.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Path directory = workspace;
        Path jar = null;
        for (String line : commands(guide(), "example-plugin-build")) {
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "cd" -> directory = directory.resolve(words[1]).normalize();
                case "mvn" -> run(directory, words);
                case "cp" -> jar = directory.resolve(words[1]);
                default -> throw new AssertionError("The guide's build block has a command this test does not know: " + line);
            }
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new AssertionError("The guide's build made no " + jar);
        }
        return jar;
    }

    private static void run(Path directory, String[] words) throws IOException, InterruptedException {
        String mavenHome = System.getProperty("maven.home");
        List<String> command = new java.util.ArrayList<>();
        command.add(mavenHome == null ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString());
        command.addAll(List.of(words).subList(1, words.length));
        String repository = System.getProperty("matricula.local-repository");
        if (repository != null) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        Path log = Files.createTempFile(directory.getParent(), "build", ".log");
        Process build = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new AssertionError("The example plugin did not build with " + String.join(" ", words)
                    + " (are plugin-api and the test kit installed? see section 1):\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertTrue(output.contains("Tests run:") && !output.contains("Tests run: 0,"),
                "the example's own tests ran:\n" + output);
    }

    private static void awaitLive(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (server.get("/api/families/" + id).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " did not go live: " + server.send(server.admin("/api/admin/plugins"))
                        .body());
            }
            Thread.sleep(100);
        }
    }
}
