package org.matricula.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.Platform;
import org.matricula.platform.config.ConfigLoader;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.registration.Families;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * One run of every measurement of docs/performance.md against the real platform with the three
 * bundled plugins and its own embedded PostgreSQL, all on this machine. Prints each figure and
 * writes them to {@code target/results.txt}.
 */
public final class Bench {

    private static final ObjectMapper JSON = JsonMapper.create();
    private static final int PROGRAMS = 50;

    private final Path target = Path.of(System.getProperty("bench.target", "target")).toAbsolutePath();
    private final int declarations = Integer.getInteger("bench.declarations", 1_000_000);
    private final int seconds = Integer.getInteger("bench.seconds", 15);
    private final Set<String> phases = Set.of(System.getProperty("bench.phases",
            "cold,submit,form,list,export,pdf,install").split(","));
    private final StringBuilder results = new StringBuilder();

    private Platform platform;
    private Jdbi jdbi;

    public static void main(String[] args) throws Exception {
        new Bench().run();
        System.exit(0);
    }

    /** The settings of a bench installation: its own embedded database and plugins folder under home. */
    static Map<String, String> settings(Path home) {
        return Map.of("data.dir", home.resolve("data").toString(), "plugins.dir", home.resolve("plugins").toString(),
                "http.host", "127.0.0.1", "http.port", "0", "plugins.scan-interval", "1s");
    }

    private void run() throws Exception {
        line("Matricula benchmark, " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        line("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + cpuModel() + ", JVM "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB");
        line("size: " + declarations + " generated declarations, " + applicants() + " applicants, " + PROGRAMS
                + " programs, 3 families; " + seconds + " s per throughput phase");
        if (phases.contains("cold")) {
            coldStart();
        }

        Path home = freshHome("bench-home");
        long started = System.nanoTime();
        platform = Platform.start(ConfigLoader.load(null, Map.of(), settings(home), home), true);
        line(String.format(Locale.ROOT, "first start with an empty data folder (initdb, migrations, demo seed): %d ms",
                ms(started)));
        jdbi = platform.database().jdbi();
        jdbi.useHandle(handle -> {
            handle.execute("UPDATE programs SET places = NULL, active = true");
            handle.execute("UPDATE projects SET open_until = NULL, active = true");
        });

        if (phases.contains("submit")) {
            submit();
        }
        if (phases.contains("form")) {
            formRender();
        }
        if (phases.contains("list") || phases.contains("export")) {
            generate();
            admin = TestSessions.admin(jdbi);
        }
        if (phases.contains("list")) {
            list();
        }
        if (phases.contains("export")) {
            export();
        }
        if (phases.contains("pdf")) {
            pdf();
        }
        if (phases.contains("install")) {
            hotInstall();
        }
        platform.close();

        Files.writeString(target.resolve("results.txt"), results.toString());
        System.out.println("Written to " + target.resolve("results.txt"));
    }

    // ---------------------------------------------------------------- cold start

    private void coldStart() throws Exception {
        Path home = freshHome("bench-cold");
        long[] wall = new long[2];
        long[] ready = new long[2];
        for (int i = 0; i < 2; i++) {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), ColdStart.class.getName(),
                    home.toString()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String text;
                while ((text = out.readLine()) != null) {
                    if (text.startsWith("BENCH-READY ")) {
                        wall[i] = ms(started);
                        ready[i] = Long.parseLong(text.split(" ")[1]);
                        if (!text.endsWith(" 3")) {
                            throw new IllegalStateException("expected three plugins: " + text);
                        }
                    }
                }
            }
            process.waitFor();
        }
        line(String.format(Locale.ROOT, "cold start, fresh JVM, embedded PostgreSQL, 3 plugins: first (initdb) %d ms"
                + " from process start (%d ms in Platform.start); second %d ms from process start (%d ms in"
                + " Platform.start)  [target <= 5000 ms: %s]", wall[0], ready[0], wall[1], ready[1],
                met(wall[1] <= 5000)));
    }

    // ---------------------------------------------------------------- submit

    private record Template(String body) {
    }

    private void submit() throws Exception {
        List<Template> templates = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT DISTINCT ON (d.program_id) pr.slug, pg.code, d.values::text AS values
                FROM declarations d JOIN projects pr ON pr.id = d.project_id JOIN programs pg ON pg.id = d.program_id
                ORDER BY d.program_id, d.submitted_at""").map((rs, ctx) -> new Template(
                "{\"project\":\"" + rs.getString("slug") + "\",\"program\":\"" + rs.getString("code")
                        + "\",\"values\":" + rs.getString("values") + "}")).list());
        int capacity = 40_000;
        int accounts = capacity / templates.size() + 1;
        long made = System.nanoTime();
        List<Session> applicants = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            applicants.add(TestSessions.applicant(jdbi));
        }
        System.out.println("made " + accounts + " applicant sessions in " + ms(made) + " ms; " + templates.size()
                + " program templates");
        AtomicInteger next = new AtomicInteger();
        URI uri = uri("/api/me/declarations");
        Work work = client -> {
            int i = next.getAndIncrement();
            if (i >= accounts * templates.size()) {
                throw new IllegalStateException("out of applicant and program pairs");
            }
            Session session = applicants.get(i / templates.size());
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                    .header("Cookie", session.cookie()).header("X-CSRF-Token", session.csrf())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(templates.get(i % templates.size()).body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            if (firstDeclaration == null) {
                firstDeclaration = JSON.readTree(response.body()).get("id").asText();
                firstApplicant = session;
            }
        };
        load(8, 5, work);
        String url = platform.database().dataSource().getConnection().getMetaData().getURL();
        jdbi.useHandle(handle -> handle.execute(
                "CREATE TABLE bench_raw (LIKE declarations INCLUDING DEFAULTS INCLUDING INDEXES)"));
        String values = templates.get(0).body();
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                return DriverManager.getConnection(url, "postgres", "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicLong rawNumber = new AtomicLong();
        Work raw = client -> {
            try (PreparedStatement insert = connections.get().prepareStatement("""
                    INSERT INTO bench_raw (number, account_id, project_id, program_id, family_id, status, holds_place,
                        values, full_name, email, category, locale)
                    VALUES (?, ?, 1, 1, 'mobility', 'SUBMITTED', true, ?::jsonb, 'Иванов Иван', 'a@example.org', '',
                        'ru')""")) {
                insert.setString(1, "R-" + rawNumber.incrementAndGet());
                insert.setObject(2, UUID.randomUUID());
                insert.setString(3, values);
                insert.executeUpdate();
            }
        };
        load(8, 3, raw);
        for (int clients : new int[] {8, 32}) {
            Stats http = load(clients, seconds, work);
            Stats jdbc = load(clients, seconds, raw);
            line(String.format(Locale.ROOT, "submit over HTTP, %d clients: %s", clients, http));
            line(String.format(Locale.ROOT, "raw JDBC INSERT, %d clients: %s", clients, jdbc));
            line(String.format(Locale.ROOT, "submit / raw INSERT at %d clients: %.1f%%  [target >= 40%% with p99 < 50 ms:"
                    + " %s]", clients, 100 * http.perSecond() / jdbc.perSecond(),
                    met(http.perSecond() >= 0.4 * jdbc.perSecond() && http.p(0.99) < 50)));
        }
    }

    private volatile String firstDeclaration;
    private volatile Session firstApplicant;

    // ---------------------------------------------------------------- form render vs bare Jetty

    private void formRender() throws Exception {
        Session applicant = TestSessions.applicant(jdbi);
        Map<String, Object> row = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT pr.slug, pg.code FROM projects pr JOIN project_programs pp ON pp.project_id = pr.id
                JOIN programs pg ON pg.id = pp.program_id ORDER BY pr.id, pp.position LIMIT 1""").mapToMap().one());
        URI form = uri("/apply/" + row.get("slug") + "?program=" + row.get("code"));
        HttpResponse<byte[]> sample = HttpClient.newHttpClient().send(HttpRequest.newBuilder(form)
                .header("Cookie", applicant.cookie()).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (sample.statusCode() != 200) {
            throw new IllegalStateException("form page: " + sample.statusCode());
        }
        byte[] page = sample.body();
        Server bare = new Server();
        ServerConnector connector = new ServerConnector(bare);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        bare.addConnector(connector);
        bare.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
                response.write(true, ByteBuffer.wrap(page), callback);
                return true;
            }
        });
        bare.start();
        URI fixed = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/fixed");
        Work renderForm = client -> check(client.send(HttpRequest.newBuilder(form).header("Cookie", applicant.cookie())
                .build(), HttpResponse.BodyHandlers.discarding()));
        Work bareJetty = client -> check(client.send(HttpRequest.newBuilder(fixed).build(),
                HttpResponse.BodyHandlers.discarding()));
        load(8, 5, renderForm);
        load(8, 3, bareJetty);
        Stats rendered = load(8, seconds, renderForm);
        Stats fixedPage = load(8, seconds, bareJetty);
        bare.stop();
        line(String.format(Locale.ROOT, "form page GET %s (%d bytes), 8 clients: %s", form.getPath(), page.length,
                rendered));
        line(String.format(Locale.ROOT, "bare Jetty fixed page of the same size, 8 clients: %s", fixedPage));
        line(String.format(Locale.ROOT, "form render / bare Jetty: %.1f%%  [target >= 30%%: %s]",
                100 * rendered.perSecond() / fixedPage.perSecond(),
                met(rendered.perSecond() >= 0.3 * fixedPage.perSecond())));
    }

    // ---------------------------------------------------------------- generated data

    private int applicants() {
        return Math.max(1, declarations / 10);
    }

    private void generate() {
        int applicants = applicants();
        long started = System.nanoTime();
        jdbi.useHandle(handle -> {
            handle.execute("""
                    INSERT INTO programs (code, name, places)
                    SELECT 'bench-' || g, 'Программа ' || g, NULL FROM generate_series(0, 49) g""");
            handle.execute("""
                    CREATE UNLOGGED TABLE bench_map AS
                    SELECT g AS k, pg.id AS program_id, pr.id AS project_id, pr.family_id,
                           (SELECT d.values FROM declarations d WHERE d.project_id = pr.id LIMIT 1) AS values
                    FROM generate_series(0, 49) g
                    JOIN programs pg ON pg.code = 'bench-' || g
                    JOIN (SELECT id, family_id, row_number() OVER (ORDER BY id) - 1 AS n FROM projects) pr
                      ON pr.n = g % 3""");
            handle.execute("""
                    INSERT INTO project_programs (project_id, program_id, position)
                    SELECT project_id, program_id, 100 + k FROM bench_map""");
            handle.execute("""
                    INSERT INTO accounts (email, password_hash, role, display_name, verified_at)
                    SELECT 'bench-' || g || '@example.org', 'not-a-hash', 'APPLICANT', 'Заявитель ' || g, now()
                    FROM generate_series(0, ?) g""", applicants - 1);
            handle.execute("""
                    CREATE UNLOGGED TABLE bench_accounts AS
                    SELECT substring(email FROM 7 FOR position('@' IN email) - 7)::int AS n, id
                    FROM accounts WHERE email LIKE 'bench-%'""");
            handle.execute("CREATE UNIQUE INDEX ON bench_accounts (n)");
        });
        int chunk = 100_000;
        for (int from = 0; from < declarations; from += chunk) {
            int to = Math.min(declarations, from + chunk) - 1;
            int start = from;
            jdbi.useHandle(handle -> handle.createUpdate("""
                    INSERT INTO declarations (number, account_id, project_id, program_id, family_id, status,
                        holds_place, values, full_name, email, category, locale, submitted_at, updated_at)
                    SELECT 'G-' || g, a.id, m.project_id, m.program_id, m.family_id,
                           (ARRAY['SUBMITTED','ACCEPTED','ENROLLED','REJECTED','WAITLISTED','WITHDRAWN'])[1 + g % 6],
                           false, m.values, 'Заявитель ' || a.n, 'bench-' || a.n || '@example.org',
                           coalesce(m.values ->> 'category', ''), 'ru',
                           now() - (g % 86400) * interval '30 seconds', now()
                    FROM generate_series(:from, :to) g
                    JOIN bench_accounts a ON a.n = g % :applicants
                    JOIN bench_map m ON m.k = (g / :applicants + g % :applicants) % 50""")
                    .bind("from", start).bind("to", to).bind("applicants", applicants).execute());
            System.out.println("generated " + (to + 1) + " declarations, " + ms(started) / 1000 + " s");
        }
        jdbi.useHandle(handle -> handle.execute("VACUUM ANALYZE declarations"));
        long total = jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM declarations")
                .mapTo(Long.class).one());
        line(String.format(Locale.ROOT, "generated %d declarations (%d in total) with INSERT ... SELECT generate_series"
                + " in %.1f s", declarations, total, ms(started) / 1000.0));
    }

    // ---------------------------------------------------------------- list, export, PDF

    private void list() throws Exception {
        long project = jdbi.withHandle(handle -> handle.createQuery("SELECT min(id) FROM projects")
                .mapTo(Long.class).one());
        HttpClient client = HttpClient.newHttpClient();
        String[] queries = {
            "/api/v1/admin/declarations?status=SUBMITTED&project=" + project + "&sort=submitted_at&dir=desc&page=3&size=50",
            "/api/v1/admin/declarations?status=ACCEPTED&status=ENROLLED&sort=full_name&dir=asc&page=10&size=50",
            "/api/v1/admin/declarations?q=" + java.net.URLEncoder.encode("Заявитель 4242", StandardCharsets.UTF_8)
                    + "&sort=number&page=1&size=50",
        };
        for (String query : queries) {
            HttpRequest request = HttpRequest.newBuilder(uri(query)).header("Cookie", admin.cookie()).build();
            long[] times = new long[100];
            for (int i = -10; i < times.length; i++) {
                long started = System.nanoTime();
                check(client.send(request, HttpResponse.BodyHandlers.ofString()));
                if (i >= 0) {
                    times[i] = System.nanoTime() - started;
                }
            }
            Arrays.sort(times);
            double p50 = pct(times, 0.5);
            double p95 = pct(times, 0.95);
            line(String.format(Locale.ROOT, "registrations list GET %s: p50 %.1f ms, p95 %.1f ms (100 requests after"
                    + " 10 warm-up)  [target p95 <= 30 ms: %s]", query, p50, p95, met(p95 <= 30)));
        }
    }

    private Session admin;

    private void export() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread poll = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poll.setDaemon(true);
        poll.start();
        long started = System.nanoTime();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                uri("/api/v1/admin/declarations.csv")).header("Cookie", admin.cookie()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = body.read(buffer)) > 0) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        long elapsed = ms(started);
        poll.interrupt();
        poll.join();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("export: " + response.statusCode());
        }
        long rows = lines - 1;
        double projected = rows == 0 ? 0 : elapsed * 1_000_000.0 / rows / 1000;
        line(String.format(Locale.ROOT, "CSV export of all rows: %d rows, %.1f MB in %d ms (%.0f rows/s; %.1f s per"
                + " 1,000,000 rows at this rate); JVM heap used before %d MB, peak %d MB (whole JVM: server and"
                + " client, max heap %d MB)  [target 1,000,000 rows <= 5 s: %s; heap < 256 MB: %s]", rows,
                bytes / 1e6, elapsed, rows * 1000.0 / elapsed, projected, baseline >> 20, peak.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20, met(projected <= 5), met(peak.get() < 256L << 20)));
    }

    private void pdf() throws Exception {
        if (firstDeclaration == null) {
            throw new IllegalArgumentException("the pdf phase needs the submit phase, which makes its declaration");
        }
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(uri("/api/me/declarations/" + firstDeclaration + "/pdf"))
                .header("Cookie", firstApplicant.cookie()).build();
        long[] times = new long[300];
        long size = 0;
        for (int i = -50; i < times.length; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            check(response);
            size = response.body().length;
            if (i >= 0) {
                times[i] = System.nanoTime() - started;
            }
        }
        Arrays.sort(times);
        line(String.format(Locale.ROOT, "declaration PDF GET /api/me/declarations/{id}/pdf (%d bytes), one client:"
                + " median %.1f ms, p99 %.1f ms (300 after 50 warm-up)  [target median <= 50 ms: %s]", size,
                pct(times, 0.5), pct(times, 0.99), met(pct(times, 0.5) <= 50)));
    }

    // ---------------------------------------------------------------- plugin hot install

    private void hotInstall() throws Exception {
        Path jar = target.resolve("plugins").resolve("growup.jar");
        byte[] content = Files.readAllBytes(jar);
        Families families = new Families(platform.plugins());
        platform.plugins().remove("growup");
        long waited = System.nanoTime();
        while (families.find("growup").isPresent() && ms(waited) < 10_000) {
            Thread.sleep(20);
        }
        long[] times = new long[3];
        for (int i = 0; i < times.length; i++) {
            long started = System.nanoTime();
            platform.plugins().install("growup.jar", new java.io.ByteArrayInputStream(content));
            while (families.find("growup").isEmpty()) {
                Thread.sleep(1);
            }
            times[i] = System.nanoTime() - started;
            if (i < times.length - 1) {
                platform.plugins().remove("growup");
                while (families.find("growup").isPresent()) {
                    Thread.sleep(5);
                }
            }
        }
        line(String.format(Locale.ROOT, "plugin hot install (upload of growup.jar to a live family), 3 times: %s ms",
                Arrays.stream(times).mapToObj(t -> String.format(Locale.ROOT, "%.0f", t / 1e6)).toList()));
    }

    // ---------------------------------------------------------------- load driver

    @FunctionalInterface
    private interface Work {
        void run(HttpClient client) throws Exception;
    }

    /** A throughput phase's figures; {@code cpuMillis} is the CPU time of this whole JVM (server and clients). */
    private record Stats(int clients, long count, long errors, double seconds, long[] sorted, double cpuMillis) {

        double perSecond() {
            return count / seconds;
        }

        double p(double quantile) {
            return pct(sorted, quantile);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f/s (%d in %.1f s, %d errors), p50 %.1f ms, p99 %.1f ms,"
                    + " JVM CPU %.2f ms per request", perSecond(), count, seconds, errors, p(0.5), p(0.99),
                    count == 0 ? 0 : cpuMillis / count);
        }
    }

    /** Runs the work from that many threads, each with its own HTTP connection, for that many seconds. */
    private static Stats load(int clients, int seconds, Work work) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        AtomicInteger stopped = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        String[] firstError = new String[1];
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            long[] times = new long[200_000];
            perThread.add(times);
            int index = t;
            Thread thread = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int n = 0;
                while (System.nanoTime() < deadline && n < times.length) {
                    long begun = System.nanoTime();
                    try {
                        work.run(client);
                        times[n++] = System.nanoTime() - begun;
                    } catch (Exception e) {
                        if (errors.incrementAndGet() == 1) {
                            firstError[0] = String.valueOf(e.getMessage());
                        }
                        if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).startsWith("out of")) {
                            break;
                        }
                    }
                }
                counts[index] = n;
                stopped.incrementAndGet();
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        if (firstError[0] != null) {
            System.out.println("first error: " + firstError[0]);
        }
        return new Stats(clients, total, errors.get(), elapsed, all, (processCpuNanos() - cpuBefore) / 1e6);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    // ---------------------------------------------------------------- helpers

    private static void check(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.uri());
        }
    }

    private static double pct(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + platform.port() + path);
    }

    private static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    private Path freshHome(String name) throws IOException {
        Path home = target.resolve(name);
        if (Files.exists(home)) {
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> jars = Files.list(target.resolve("plugins"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, home.resolve("plugins").resolve(jar.getFileName()));
            }
        }
        return home;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceAll(".*:\\s*", ""))
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private void line(String text) {
        System.out.println(text);
        results.append(text).append('\n');
    }
}
