package org.matricula.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.Platform;
import org.matricula.platform.config.ConfigLoader;
import org.matricula.platform.db.EmbeddedDatabase;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * One run of every measurement of docs/performance.md against the real platform with the three
 * bundled plugins and its own embedded PostgreSQL, all on this machine. Prints each figure and
 * writes them to {@code target/results.txt}. The composition root: reads the options, starts the
 * platform and runs the chosen phases in their fixed order.
 */
public final class Bench {

    private static final String HOME = "bench-home";
    /** The phases of a run when {@code bench.phases} does not say. */
    static final String PHASES = "cold,submit,form,feed,list,export,xapi,crm,leads,bank,arrears,analytics,segments,campaigns,scenarios,pdf,install";

    private final BenchOptions options;
    private final BenchHomes homes;
    private final Results results;

    private Bench(BenchOptions options, BenchHomes homes, Results results) {
        this.options = options;
        this.homes = homes;
        this.results = results;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(
                Path.of(System.getProperty("bench.target", "target")).toAbsolutePath(),
                Integer.getInteger("bench.declarations", 1_000_000),
                Integer.getInteger("bench.seconds", 15),
                Integer.getInteger("bench.warmup", 120),
                Set.of(System.getProperty("bench.phases", PHASES).split(",")),
                Integer.getInteger("bench.persons", 500_000),
                Integer.getInteger("bench.invoices", 100_000));
        if (options.includes("pdf") && !options.includes("submit")) {
            throw new IllegalArgumentException("the pdf phase needs the submit phase, which makes its declaration");
        }
        try {
            new Bench(options, new BenchHomes(options.target()), new Results()).run();
        } catch (Exception | Error e) {
            // The platform and its embedded PostgreSQL must not outlive a failed run.
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        results.add("Matricula benchmark, " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        results.add("machine: " + Machine.describe());
        results.add("load before the run: " + Machine.load());
        results.add("size: " + options.declarations() + " generated declarations, " + options.applicants()
                + " applicants, " + GeneratedData.PROGRAMS + " programs, 3 families; " + options.seconds()
                + " s per throughput phase");
        if (options.includes("cold")) {
            new ColdStartBench(homes, results).run();
        }

        Platform platform = startPlatform();
        Jdbi jdbi = platform.database().jdbi();
        PlatformHttp http = new PlatformHttp(platform.port());
        long postmaster = EmbeddedDatabase.runningServer(BenchHomes.postgresData(options.target().resolve(HOME)))
                .orElseThrow(() -> new IllegalStateException("the embedded PostgreSQL is not running"));
        LoadDriver driver = new LoadDriver(options.seconds(), postmaster);
        if (options.includes("submit") || options.includes("form")) {
            new RoundTripBench(platform.database(), EmbeddedDatabase.storedPassword(BenchHomes.postgresData(
                    options.target().resolve(HOME))).orElse(""), homes, results).run();
        }
        Optional<SubmittedDeclaration> submitted = options.includes("submit")
                ? new SubmitBench(platform.database(), http, driver, results, options.warmUpSeconds()).run()
                : Optional.empty();
        if (options.includes("form")) {
            new FormRenderBench(jdbi, http, driver, results, options.warmUpSeconds()).run();
        }
        if (options.includes("feed")) {
            new FeedBench(jdbi, results, postmaster).run();
        }
        if (options.includes("list") || options.includes("export")) {
            new GeneratedData(jdbi, options.declarations(), options.applicants(), results).insert();
            Session admin = TestSessions.admin(jdbi);
            if (options.includes("list")) {
                new ListBench(jdbi, http, admin, results).run();
            }
            if (options.includes("export")) {
                new ExportBench(http, admin, results).run();
            }
        }
        if (options.includes("xapi")) {
            new XapiIngestBench(jdbi, http, TestSessions.admin(jdbi), driver, results).run();
        }
        if (options.includes("crm")) {
            new CrmBench(jdbi, http, TestSessions.admin(jdbi), results, options.persons(),
                    options.warmUpSeconds()).run();
        }
        if (options.includes("leads")) {
            new LeadsBench(platform.database(), http, TestSessions.admin(jdbi), driver, results,
                    options.warmUpSeconds()).run();
        }
        if (options.includes("bank") || options.includes("arrears")) {
            new BillingData(jdbi, options.invoices(), results).insert();
            Session admin = TestSessions.admin(jdbi);
            if (options.includes("arrears")) {
                new ArrearsBench(jdbi, http, admin, results, options.warmUpSeconds()).run();
            }
            if (options.includes("bank")) {
                new BankBench(jdbi, http, admin, results).run();
            }
        }
        if (options.includes("segments")) {
            new SegmentsBench(jdbi, http, TestSessions.admin(jdbi), results,
                    Integer.getInteger("bench.segment-persons", 500_000)).run();
        }
        if (options.includes("campaigns")) {
            new CampaignsBench(jdbi, http, TestSessions.admin(jdbi), results,
                    Integer.getInteger("bench.campaign-persons", 160_000),
                    Integer.getInteger("bench.campaign-rate", 60_000)).run();
        }
        if (options.includes("scenarios")) {
            new ScenariosBench(jdbi, http, TestSessions.admin(jdbi), results,
                    Integer.getInteger("bench.scenario-persons", 20_000)).run();
        }
        if (options.includes("pdf")) {
            new PdfBench(http, results).run(submitted);
        }
        if (options.includes("analytics")) {
            new AnalyticsBench(jdbi, http, TestSessions.admin(jdbi), results,
                    Integer.getInteger("bench.analytics-persons", AnalyticsBench.PERSONS),
                    Integer.getInteger("bench.analytics-payments", AnalyticsBench.PAYMENTS)).run();
        }
        if (options.includes("install")) {
            new HotInstallBench(platform.plugins(), homes.bundledPlugins(), results).run();
        }
        platform.close();

        results.add("load after the run: " + Machine.load());
        results.write(options.target());
    }

    /**
     * The platform over a new home with the demo seed, every program and project opened without a
     * place limit or closing date so that no submission of the run is turned away.
     */
    private Platform startPlatform() throws IOException {
        Path home = homes.fresh(HOME);
        long started = System.nanoTime();
        Platform platform = Platform.start(ConfigLoader.load(null, Map.of(), BenchHomes.settings(home), home), true);
        results.addFormatted("first start with an empty data folder (initdb, migrations, demo seed): %d ms",
                Figures.millisSince(started));
        platform.database().jdbi().useHandle(handle -> {
            handle.execute("UPDATE programs SET places = NULL, active = true");
            handle.execute("UPDATE projects SET open_until = NULL, active = true");
        });
        return platform;
    }
}
