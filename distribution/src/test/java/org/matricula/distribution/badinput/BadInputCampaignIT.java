package org.matricula.distribution.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.form.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.accounts.Accounts;
import org.matricula.platform.web.SecretTokens;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.crm.leads.MarketingConfirmations;
import org.matricula.platform.demo.DemoSeed;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.notify.PluginEvents;
import org.matricula.platform.registration.Declarations;
import org.matricula.platform.registration.Documents;
import org.matricula.platform.families.Families;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestSessions;

/**
 * The bad-input campaign: well over a thousand generated malformed requests against every route of
 * the platform, the JSON API (from its OpenAPI document) and the pages (from Jersey's resource
 * model), with the three bundled plugins and the demo data. Every answer must be a clear 4xx (or,
 * where the input is in fact acceptable, a 2xx or 3xx that does not echo it unescaped), never a
 * 5xx, and the database must hold exactly what it held before.
 */
class BadInputCampaignIT {

    private static final Path BUNDLE = Path.of(System.getProperty("matricula.bundle", "target/matricula"));
    private static final ObjectMapper JSON = JsonMapper.create();
    private static final long SEED = 20_260_101L;

    static RunningPlatform server;
    static Fixtures fixtures;

    @BeforeAll
    static void start() throws Exception {
        // A copy of the bundled plugins: a probe uploading a plugin must not touch the bundle.
        Path plugins = Files.createTempDirectory("campaign-plugins");
        try (var bundled = Files.list(BUNDLE.resolve("plugins"))) {
            for (Path jar : bundled.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        server = RunningPlatform.start(Map.of("plugins.dir", plugins.toString()));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server.get("/api/families").body().split("\"id\"").length < 4 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        fixtures = seed(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theCampaignCoversEveryFormPostedOutsideTheApi() {
        List<HtmlRoutes.Route> routes = HtmlRoutes.discover(server.platform().application());
        assertEquals(List.of(), HtmlRoutes.formsMissingFromTheList(routes),
                "POST routes with no entry in HtmlRoutes.FORMS, so the campaign would skip them");
        TreeSet<String> posted = routes.stream().filter(route -> route.method().equals("POST"))
                .map(HtmlRoutes.Route::path).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(HtmlRoutes.FORMS.keySet()), posted, "every listed form is a real route");
    }

    @Test
    void malformedRequestsGetClearClientErrorsAndChangeNothing() throws Exception {
        JsonNode openApi = JSON.readTree(server.get("/openapi.json").body());
        List<Endpoint> endpoints = new ArrayList<>(ApiEndpoints.from(openApi));
        endpoints.addAll(HtmlRoutes.endpoints(HtmlRoutes.discover(server.platform().application())));
        assertTrue(endpoints.size() > 60, endpoints.size() + " endpoints");

        Probes generator = new Probes(fixtures, new Random(SEED));
        List<Probe> probes = new ArrayList<>();
        endpoints.forEach(endpoint -> probes.addAll(generator.of(endpoint)));
        // First, so the probes that wait for the idle timeout do it while the others run.
        probes.addAll(0, generator.serverWide());
        assertTrue(probes.size() >= 1000, probes.size() + " probes");

        Jdbi jdbi = server.platform().database().jdbi();
        Map<String, String> before = DatabaseContent.checksums(jdbi);
        List<String> failures = run(probes);
        Map<String, String> after = DatabaseContent.checksums(jdbi);

        System.out.printf("Bad-input campaign: %d requests against %d endpoints, %d failures%n", probes.size(),
                endpoints.size(), failures.size());
        assertTrue(failures.isEmpty(), failures.size() + " of " + probes.size() + " answers are wrong:\n\n"
                + String.join("\n\n", failures));
        assertEquals(before, after, "tables changed by refused requests");
    }

    /** Sends every probe (a few at a time) and returns the wrong answers, described for the report. */
    private static List<String> run(List<Probe> probes) throws Exception {
        RawHttp http = new RawHttp(server.platform().port());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<String>>> verdicts = new ArrayList<>();
            for (Probe probe : probes) {
                verdicts.add(pool.submit(() -> {
                    RawHttp.Response answer = http.send(probe);
                    return Verdicts.judge(probe, answer).map(problem -> probe.endpoint() + " — " + probe.variant()
                            + ": " + problem + "\n  " + probe.describe() + "\n  → " + answer.status() + " "
                            + answer.header("Content-Type") + " " + excerpt(answer.body()));
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Future<Optional<String>> verdict : verdicts) {
                verdict.get().ifPresent(failures::add);
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    /**
     * The demo data, then: an applicant signed in with a declaration and a document of it, another
     * applicant's declaration and document, an administrator signed in; and the outbox worked off,
     * so that what the seed queued is not still changing while the campaign runs.
     */
    private static Fixtures seed(RunningPlatform server) throws InterruptedException {
        Jdbi jdbi = server.platform().database().jdbi();
        Clock clock = Clock.systemUTC();
        String base = server.uri("").toString();
        Outbox outbox = new Outbox(jdbi, JsonMapper.create());
        Families families = new Families(server.platform().plugins());
        Catalog catalog = new Catalog(jdbi, id -> families.find(id).isPresent());
        Declarations declarations = new Declarations(jdbi, catalog, families,
                new PluginEvents(server.platform().plugins(), outbox, JsonMapper.create()), outbox, base, clock);
        LeadInbox leads = new LeadInbox(jdbi, new MarketingConfirmations(jdbi, outbox, base, clock));
        new DemoSeed(jdbi, catalog, families, declarations, new Accounts(jdbi, outbox, base, clock), leads, clock,
                System.out).seedIfEmpty().orElseThrow();

        List<Map<String, Object>> two = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT DISTINCT ON (account_id) id, account_id, project_id, program_id FROM declarations
                WHERE status = 'SUBMITTED' ORDER BY account_id, number LIMIT 2""").mapToMap().list());
        UUID own = (UUID) two.get(0).get("id");
        UUID applicant = (UUID) two.get(0).get("account_id");
        UUID other = (UUID) two.get(1).get("id");
        Documents documents = new Documents(jdbi);
        byte[] pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        UUID ownDocument = documents.store(own, pdf, "passport.pdf", applicant, Locale.ENGLISH).id();
        UUID otherDocument = documents.store(other, pdf, "diploma.pdf", (UUID) two.get(1).get("account_id"),
                Locale.ENGLISH).id();
        String cookie = SecretTokens.newToken();
        String csrf = SecretTokens.newToken();
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO sessions (id, account_id, csrf_token, expires_at)
                VALUES (:id, :account, :csrf, now() + interval '1 hour')""")
                .bind("id", SecretTokens.digest(cookie)).bind("account", applicant).bind("csrf", csrf).execute());
        TestSessions.Session admin = TestSessions.admin(server);
        long project = ((Number) two.get(0).get("project_id")).longValue();
        long program = ((Number) two.get(0).get("program_id")).longValue();
        String slug = catalog.project(project).slug();
        String programCode = catalog.programsOf(project).stream().filter(offered -> offered.id() == program)
                .findFirst().orElseThrow().code();
        List<String> formFields = families.find("digital-chairs").orElseThrow().form().fields().stream()
                .map(Field::name).toList();

        long deadline = System.nanoTime() + 60_000_000_000L;
        while (pending(jdbi) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, pending(jdbi), "the outbox is worked off before the campaign");
        // and the CRM has read every declaration and mail, so that its feed changes nothing during the campaign
        deadline = System.nanoTime() + 60_000_000_000L;
        while (!crmCaughtUp(jdbi) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(crmCaughtUp(jdbi), "the CRM has read the platform's records before the campaign");
        return new Fixtures(admin.id(), admin.csrf(), cookie, csrf, own, ownDocument, other, otherDocument, project,
                program, slug, "digital-chairs", "digital-chairs", RunningPlatform.ADMIN_TOKEN, applicant, programCode,
                formFields);
    }

    private static boolean crmCaughtUp(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT (SELECT coalesce(max(id), 0) FROM mail_log)
                           <= coalesce((SELECT last_id FROM crm_sync WHERE source = 'mail_log'), 0)
                   AND (SELECT coalesce(max(id), 0) FROM declaration_history)
                           <= coalesce((SELECT last_id FROM crm_sync WHERE source = 'declaration_history'), 0)""")
                .mapTo(Boolean.class).one());
    }

    private static int pending(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM outbox WHERE status = 'PENDING'")
                .mapTo(Integer.class).one());
    }
}
