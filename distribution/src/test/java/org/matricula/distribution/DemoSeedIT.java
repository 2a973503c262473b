package org.matricula.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matricula.api.CourseFamily;
import org.matricula.platform.Platform;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.web.CurrentUser;
import org.matricula.platform.config.ConfigLoader;
import org.matricula.platform.config.Configuration;
import org.matricula.platform.demo.DemoSeed;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.families.Families;
import org.matricula.platform.testing.TestPostgres;

/** {@code --demo} against the three bundled plugins as shipped: seeded once, through the real checks. */
class DemoSeedIT {

    private static final Path BUNDLE = Path.of(System.getProperty("matricula.bundle", "target/matricula"));
    private static final Pattern PASSWORD = Pattern.compile("Log in as " + Pattern.quote(DemoSeed.ADMIN_EMAIL)
            + " with password (\\S+) \\(shown only now\\)");
    private static final ObjectMapper JSON = JsonMapper.create();

    @TempDir
    Path home;

    @Test
    void seedsAnEmptyInstallationOnceWithDeclarationsThatPassTheFamiliesChecks() throws Exception {
        Files.createDirectories(home.resolve("plugins"));
        try (var bundled = Files.list(BUNDLE.resolve("plugins"))) {
            for (Path jar : bundled.toList()) {
                Files.copy(jar, home.resolve("plugins").resolve(jar.getFileName()));
            }
        }
        Configuration config = ConfigLoader.load(null, Map.of(), Map.of("db.url", TestPostgres.newDatabase(),
                "db.user", "postgres", "http.host", "127.0.0.1", "http.port", "0"), home);

        String console;
        try (Platform platform = consoleOf(() -> Platform.start(config, true))) {
            console = lastConsole;
            Jdbi jdbi = platform.database().jdbi();
            int total = count(jdbi, "SELECT count(*) FROM declarations");
            assertTrue(total >= 280 && total <= 300, total + " declarations\n" + console);
            for (String project : List.of("digital-chairs", "mobility", "growup")) {
                assertTrue(count(jdbi, "SELECT count(*) FROM declarations d JOIN projects p ON p.id = d.project_id "
                        + "WHERE p.slug = '" + project + "'") > 20, project);
            }
            assertEquals(18, count(jdbi, "SELECT count(*) FROM programs"));
            assertEquals(18, count(jdbi, "SELECT count(*) FROM project_programs"));
            for (String status : List.of("SUBMITTED", "ACCEPTED", "ENROLLED", "REJECTED")) {
                assertTrue(count(jdbi, "SELECT count(*) FROM declarations WHERE status = '" + status + "'") > 0, status);
            }
            assertEquals(0, count(jdbi, "SELECT count(*) FROM declarations WHERE submitted_at < now() - interval '30 days'"
                    + " OR submitted_at > now()"));
            assertTrue(count(jdbi, "SELECT count(DISTINCT submitted_at::date) FROM declarations") >= 20,
                    "spread over the month");
            assertEquals(0, count(jdbi, "SELECT count(*) FROM declarations WHERE full_name !~ '^[А-ЯЁа-яё ]+$'"));
            // the CRM: organizations, leads from several channels, LMS progress, notes
            assertEquals(4, count(jdbi, "SELECT count(*) FROM organizations"));
            assertTrue(count(jdbi, "SELECT count(*) FROM timeline_entries WHERE kind = 'LEAD'") >= 80);
            assertTrue(count(jdbi, "SELECT count(DISTINCT first_touch ->> 'channel') FROM persons") >= 3);
            assertTrue(count(jdbi, "SELECT count(*) FROM xapi_statements") >= 30);
            assertTrue(count(jdbi, "SELECT count(*) FROM organization_members") >= 15);
            // B2B deals: every organization has one in every stage; a won one has its organization's invoice
            for (String stage : List.of("LEAD", "PROPOSAL", "CONTRACT", "INVOICE", "WON", "LOST")) {
                assertEquals(4, count(jdbi, "SELECT count(*) FROM deals WHERE kind = 'B2B' AND stage = '" + stage + "'"),
                        stage);
            }
            assertEquals(4, count(jdbi, "SELECT count(*) FROM invoices WHERE organization_id IS NOT NULL"));
            assertEquals(0, count(jdbi, "SELECT count(*) FROM deals WHERE stage = 'LOST' AND lost_reason = ''"));

            // money: prices, invoices paid in full, in parts and not at all, arrears in every bucket
            assertEquals(18, count(jdbi, "SELECT count(*) FROM billing_prices"));
            assertTrue(count(jdbi, "SELECT count(*) FROM invoices") >= 40);
            for (String state : List.of("PAID", "PARTIAL", "ISSUED")) {
                assertTrue(count(jdbi, "SELECT count(*) FROM invoices WHERE status = '" + state + "'") > 0, state);
            }
            assertTrue(count(jdbi, "SELECT count(*) FROM payments WHERE kind = 'REFUND'") > 0);
            for (String bucket : List.of("0-30", "31-60", "61-90", "90+")) {
                assertTrue(count(jdbi, "SELECT count(*) FROM billing_arrears WHERE bucket = '" + bucket + "'") > 0,
                        "arrears " + bucket);
            }
            assertTrue(count(jdbi, "SELECT count(DISTINCT date_trunc('month', received_on)) FROM payments") >= 10,
                    "payments over the year");
            assertTrue(count(jdbi, "SELECT count(*) FROM marketing_spend") >= 40);
            Path statement = home.resolve("demo-bank-statement.txt");
            assertTrue(Files.exists(statement), console);
            String text = new String(Files.readAllBytes(statement), java.nio.charset.Charset.forName("windows-1251"));
            assertTrue(text.startsWith("1CClientBankExchange") && text.contains("СекцияДокумент"), text);

            everyDeclarationPassesItsFamilysChecks(jdbi, new Families(platform.plugins()));
            CurrentUser admin = adminLogsIn(jdbi, console);
            assertEquals(total, dashboardTotal(platform.port(), admin));
            // the money screens show a living school
            String analytics = page(platform.port(), admin, "/admin/analytics?lang=en");
            assertTrue(analytics.contains("id=\"revenue-months\"") && !analytics.contains("Nothing in this period"),
                    analytics);
            JsonNode figures = JSON.readTree(page(platform.port(), admin, "/api/v1/analytics"));
            assertTrue(figures.at("/revenue/net").decimalValue().signum() > 0, figures.toString());
            assertTrue(figures.at("/customers").size() == 12 && figures.at("/cohorts/0/persons").asInt() >= 0);
            assertTrue(Pattern.compile("\\b20\\d\\d-\\d{5}\\b").matcher(page(platform.port(), admin,
                    "/admin/arrears?lang=en")).find(), "invoice numbers in the arrears list");
            assertTrue(page(platform.port(), admin, "/admin/billing?lang=en").contains("class=\"num\""));
            assertTrue(page(platform.port(), admin, "/admin/analytics/spend?lang=en").contains("spring-intake"));
        }

        try (Platform again = consoleOf(() -> Platform.start(config, true))) {
            assertTrue(lastConsole.contains("already has projects"), lastConsole);
            assertEquals(3, count(again.database().jdbi(), "SELECT count(*) FROM projects"));
            assertEquals(1, count(again.database().jdbi(), "SELECT count(*) FROM accounts WHERE role = 'ADMIN'"));
        }
    }

    private static void everyDeclarationPassesItsFamilysChecks(Jdbi jdbi, Families families) {
        List<Map<String, Object>> rows = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT d.family_id, p.code, d.values::text AS values
                FROM declarations d JOIN programs p ON p.id = d.program_id""").mapToMap().list());
        for (Map<String, Object> row : rows) {
            CourseFamily family = families.find((String) row.get("family_id")).orElseThrow();
            Map<String, String> values = values((String) row.get("values"));
            Map<String, String> kept = families.check(family, (String) row.get("code"), values, Locale.ENGLISH);
            assertEquals(values, kept, "stored exactly what the form keeps");
        }
    }

    private static CurrentUser adminLogsIn(Jdbi jdbi, String console) {
        Matcher password = PASSWORD.matcher(console);
        assertTrue(password.find(), console);
        CurrentUser admin = new Accounts(jdbi, new Outbox(jdbi, JsonMapper.create()), "http://localhost",
                Clock.systemUTC()).logIn(DemoSeed.ADMIN_EMAIL, password.group(1), "127.0.0.1", Locale.ENGLISH);
        assertTrue(admin.isAdmin());
        return admin;
    }

    private static int dashboardTotal(int port, CurrentUser admin) throws IOException, InterruptedException {
        HttpResponse<String> dashboard = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/admin/dashboard"))
                .header("Cookie", "matricula_session=" + admin.sessionId()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, dashboard.statusCode(), dashboard.body());
        JsonNode snapshot = JSON.readTree(dashboard.body());
        return snapshot.at("/total").asInt();
    }

    private static String page(int port, CurrentUser admin, String path) throws IOException, InterruptedException {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path))
                .header("Cookie", "matricula_session=" + admin.sessionId()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), path + ": " + page.body());
        return page.body();
    }

    private static String lastConsole = "";

    /** Runs the start while keeping what it prints, which is where the one-time admin password goes. */
    private static Platform consoleOf(Supplier<Platform> start) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return start.get();
        } finally {
            System.setOut(original);
            lastConsole = captured.toString(StandardCharsets.UTF_8);
            original.print(lastConsole);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> values(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static int count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }
}
