package org.matricula.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.matricula.platform.db.Database;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * Lead intake: 8 clients posting leads of new persons (name, email, phone, consents, UTM) to
 * {@code POST /api/v1/leads} with one website's key, timed until the lead inbox's worker has written
 * every lead into the CRM, against single-row INSERTs over plain JDBC into a copy of the
 * declarations table at the same concurrency, in the same run.
 */
final class LeadsBench {

    private static final int CLIENTS = 8;
    private static final String LEAD = "{\"lastName\":\"Лидова\",\"firstName\":\"Анна %1$d\",\"email\":"
            + "\"lead%1$d.%2$d@bench.example.org\",\"phone\":\"+7 901 %3$07d\",\"interest\":\"Курсы\","
            + "\"consentProcessing\":true,\"consentMarketing\":true,\"channel\":\"site\",\"campaign\":\"bench\","
            + "\"utm\":{\"utm_source\":\"bench\",\"utm_medium\":\"cpc\"},\"referrer\":\"https://bench.example.org/\"}";

    private final Database database;
    private final PlatformHttp http;
    private final Session admin;
    private final LoadDriver driver;
    private final Results results;
    private final int warmUpSeconds;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final long run = System.currentTimeMillis();
    private final URI leads;

    LeadsBench(Database database, PlatformHttp http, Session admin, LoadDriver driver, Results results,
            int warmUpSeconds) {
        this.warmUpSeconds = warmUpSeconds;
        this.database = database;
        this.http = http;
        this.leads = http.uri("/api/v1/leads");
        this.admin = admin;
        this.driver = driver;
        this.results = results;
    }

    void run() throws Exception {
        String key = leadSourceKey();
        LoadDriver.Work post = connection -> send(connection, key);
        RawInsertWork raw = RawInsertWork.into(database, SubmitWork.prepareBody(database.jdbi()), "bench_raw_leads");
        // until the JIT has compiled the lead's path: after a fixed 20 s it still took a third of
        // a core (1.1 ms of JIT CPU per lead), which the ratio then charged to the lead
        results.add("leads: " + driver.awaitQuiet());
        results.add("leads " + driver.warmUpUntilCompiled(CLIENTS, warmUpSeconds, 3 * warmUpSeconds, post, raw));
        while (!inboxEmpty()) {
            Thread.sleep(5);
        }
        long commitsBefore = commits();
        long walBefore = walPosition();
        // a lead is answered once it is kept in the inbox; the phase lasts, and its CPU is counted,
        // until the inbox's worker has written every lead into the CRM
        LoadStats leads = driver.measure(CLIENTS, post, this::inboxEmpty);
        long walLeads = walPosition() - walBefore;
        long commitsDuring = commits() - commitsBefore;
        walBefore = walPosition();
        LoadStats inserts = driver.measure(CLIENTS, raw);
        long walInserts = walPosition() - walBefore;
        long persons = database.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT count(DISTINCT person_id) FROM person_contacts WHERE kind = 'EMAIL' AND value LIKE 'lead%.'
                    || :run || '@bench.example.org'""").bind("run", run).mapTo(Long.class).one());
        double ratio = leads.perSecond() / inserts.perSecond();
        results.addFormatted("lead intake over HTTP, %d clients: %s", CLIENTS, leads);
        results.add("  " + leads.serverThreads());
        // each lead is one transaction; the rest are the background's polls (about 200 a second)
        results.addFormatted("PostgreSQL commits during the lead phase: %d, %.2f leads answered per commit",
                commitsDuring, leads.count() / (double) Math.max(1, commitsDuring));
        results.addFormatted("raw JDBC INSERT, %d clients: %s", CLIENTS, inserts);
        results.add("  " + inserts.serverThreads());
        // What a lead writes, which the machine's load does not change (the outbox and the CRM's feed
        // write a little beside it): WAL bytes per request.
        results.addFormatted("WAL written per request: lead %.0f bytes, raw INSERT %.0f bytes",
                walLeads / (double) Math.max(1, leads.count()), walInserts / (double) Math.max(1, inserts.count()));
        results.addFormatted("lead intake / raw INSERT at %d clients: %.2f%%; %d leads accepted in the phase and its"
                + " warm-up, %d persons made for them  [target >= 30%%, one person per lead: %s]", CLIENTS,
                100 * ratio, accepted.get(), persons, Figures.met(ratio >= 0.3 && persons == accepted.get()));
    }

    private boolean inboxEmpty() {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT NOT EXISTS (SELECT 1 FROM lead_inbox)").mapTo(Boolean.class).one());
    }

    /**
     * Transactions committed in the database so far, from PostgreSQL's statistics, which a backend
     * reports at most once a second: read after two quiet seconds. Background work (the CRM feed's
     * and the outbox's polls) commits too.
     */
    private long commits() throws InterruptedException {
        Thread.sleep(2000);
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").mapTo(Long.class).one());
    }

    private long walPosition() {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint").mapTo(Long.class).one());
    }

    private String leadSourceKey() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(http.request("/api/v1/crm/lead-sources", admin)
                .header("Content-Type", "application/json").header("X-CSRF-Token", admin.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench site\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("lead source: HTTP " + created.statusCode() + " " + created.body());
        }
        return new ObjectMapper().readTree(created.body()).get("key").asText();
    }

    private void send(LoadConnection connection, String key) throws Exception {
        int n = next.getAndIncrement();
        connection.postJson(leads, String.format(LEAD, n, run, n), "Authorization", "Bearer " + key)
                .require(202, leads);
        accepted.incrementAndGet();
    }
}
