package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.http.SessionCookies;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestDeclarations;
import org.matricula.platform.testing.TestSessions;

/**
 * A language added as a bundle only (the test class path's partial {@code messages_de.properties})
 * reaches the pages, the validation messages and the mails; and one instant reads alike on a page,
 * in a CSV export and in a mail: in the configured {@code app.time-zone}, in the language's format.
 */
class LanguagesAndTimesIT {

    /** 10:05 UTC is 19:05 in Tokyo, on the same day. */
    private static final Instant SUBMITTED = Instant.parse("2025-03-14T10:05:00Z");

    static RunningPlatform server;
    static Jdbi jdbi;
    static Project project;
    static Program program;

    @BeforeAll
    static void start() {
        server = RunningPlatform.start(Map.of("app.time-zone", "Asia/Tokyo"));
        jdbi = server.platform().database().jdbi();
        Catalog catalog = new Catalog(jdbi, id -> true);
        project = catalog.createProject(new ProjectInput("tz", "Часовой пояс", "", "any-family", true, "", ""));
        program = catalog.createProgram(new ProgramInput("tz", "Программа", "", true, "", false));
        catalog.link(project.id(), program.id());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBundleAloneAddsGermanToPagesValidationAndMails() {
        String login = server.get("/login?lang=de").body();
        assertTrue(login.contains("<html lang=\"de\""), login);
        assertTrue(login.contains("<h1>Anmeldung</h1>"), "a German text");
        assertTrue(login.contains("Forgot your password?"), "a key the partial bundle lacks reads in English");
        assertTrue(login.contains("hreflang=\"de\"") && login.contains("hreflang=\"en\"")
                && login.contains("hreflang=\"ru\""), "the switcher offers every language");

        String email = "neu-" + UUID.randomUUID() + "@example.org";
        HttpResponse<String> invalid = server.send(form("/signup?lang=de", "displayName", "Neu", "email", "kaputt",
                "password", "a long enough secret"));
        assertTrue(invalid.body().contains("Geben Sie eine E-Mail-Adresse ein"), invalid.body());

        server.send(form("/signup?lang=de", "displayName", "Neu", "email", email, "password",
                "a long enough secret"));
        String subject = jdbi.withHandle(h -> h.createQuery("""
                SELECT payload->>'subject' FROM outbox WHERE payload->>'to' = :to
                UNION ALL SELECT subject FROM mail_log WHERE recipient = :to""")
                .bind("to", email).mapTo(String.class).findFirst().orElse(""));
        assertTrue(subject.startsWith("Bestätigen Sie Ihre E-Mail-Adresse"), subject);
    }

    @Test
    void aPageACsvAndAMailShowOneInstantInTheConfiguredZone() {
        UUID id = TestDeclarations.insert(jdbi, project.id(), program.id(), "SUBMITTED",
                OffsetDateTime.ofInstant(SUBMITTED, ZoneOffset.UTC));
        TestSessions.Session admin = TestSessions.admin(server);

        String page = server.send(admin.request("/admin/declarations?lang=ru")).body();
        assertTrue(page.contains("14.03.2025 19:05"), "the Russian list page");
        String english = server.send(admin.request("/admin/declarations?lang=en")).body();
        assertTrue(english.contains("2025-03-14 19:05"), "the English list page");

        String csv = server.send(admin.request("/admin/declarations.csv?lang=ru")).body();
        assertTrue(csv.contains("14.03.2025 19:05"), csv);

        Declaration stored = new Declaration(id, "T-1", UUID.randomUUID(), project.id(), project.name(), project.slug(),
                program.id(), program.code(), program.name(), "any-family", Status.SUBMITTED, true, Map.of(),
                "Иван Петров", "ivan@example.org", "", "", Locale.ENGLISH, SUBMITTED, SUBMITTED);
        String mail = new DeclarationMails("http://localhost").submitted(stored, "ivan@example.org", Locale.ENGLISH)
                .body();
        assertTrue(mail.contains("2025-03-14 19:05"), mail);
        assertTrue(new DeclarationMails("http://localhost").submitted(stored, "ivan@example.org",
                org.matricula.platform.i18n.Messages.RUSSIAN).body()
                .contains("14.03.2025 19:05"));
    }

    @Test
    void theDashboardCountsADeclarationOnItsDayInTheConfiguredZone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        LocalDate today = LocalDate.now(tokyo);
        // Half past midnight in Tokyo is the day before in UTC, where a count by the database's days would put it.
        TestDeclarations.insert(jdbi, project.id(), program.id(), "SUBMITTED",
                today.atStartOfDay(tokyo).plusMinutes(30).toOffsetDateTime());
        TestSessions.Session admin = TestSessions.admin(server);

        String dashboard = server.send(admin.request("/api/v1/admin/dashboard")).body();
        assertTrue(dashboard.contains("{\"day\":\"" + today + "\",\"declarations\":1}"), dashboard);
        assertTrue(dashboard.contains("{\"day\":\"" + today.minusDays(1) + "\",\"declarations\":0}"), dashboard);
    }

    @Test
    void theKernelTellsProblemsInTheRequestsLanguage() {
        HttpResponse<String> russian = server.get("/api/v1/admin/projects");
        assertEquals(401, russian.statusCode());
        assertTrue(russian.body().contains("Сначала войдите"), "Russian by default: " + russian.body());
        HttpResponse<String> english = server.send(HttpRequest.newBuilder(server.uri("/api/v1/admin/projects"))
                .header("Accept-Language", "en-GB,en;q=0.9"));
        assertTrue(english.body().contains("Log in first"), english.body());
        assertTrue(server.get("/api/v1/admin/projects?lang=en").body().contains("Log in first"), "the lang parameter");

        HttpResponse<String> json = server.send(HttpRequest.newBuilder(server.uri("/api/v1/auth/login?lang=ru"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")));
        assertEquals(400, json.statusCode(), json.body());
        assertTrue(json.body().contains("Нужно: объект"), json.body());

        // Refused by Jetty, before JAX-RS: the language is read from the Jetty request.
        HttpResponse<String> path = server.send(HttpRequest.newBuilder(server.uri("/api/v1/catalog;x"))
                .header("Accept-Language", "en"));
        assertEquals(400, path.statusCode(), path.body());
        assertTrue(path.body().contains("Path parameters"), path.body());
        HttpResponse<String> pathRussian = server.send(HttpRequest.newBuilder(server.uri("/catalog;x"))
                .header("Accept", "text/html"));
        assertTrue(pathRussian.body().contains("<html lang=\"ru\">") && pathRussian.body().contains("Параметры пути"),
                pathRussian.body());
    }

    private static HttpRequest.Builder form(String path, String... namesAndValues) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.append(i == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(java.net.URLEncoder.encode(namesAndValues[i + 1], java.nio.charset.StandardCharsets.UTF_8));
        }
        // An anonymous form carries the CSRF token of the cookie the login page sets.
        String csrf = server.get("/login").headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(SessionCookies.CSRF + "=")).findFirst().orElseThrow()
                .replaceFirst(";.*", "").substring(SessionCookies.CSRF.length() + 1);
        body.append("&_csrf=").append(csrf);
        return HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", SessionCookies.CSRF + "=" + csrf).POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }
}
