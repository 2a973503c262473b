package org.matricula.bench;

import java.util.List;
import java.util.Optional;
import org.matricula.platform.db.Database;

/**
 * Submitting declarations over HTTP against single-row INSERTs over plain JDBC into the same
 * database, at 8 and 32 clients: how much of the database's own write rate the platform keeps,
 * measured once the server's code is compiled. Each phase, submissions and baseline alike, starts
 * once the platform has finished what the phase before it (or the warm-up) left for its background
 * work, and the waits are reported.
 */
final class SubmitBench {

    private final Database database;
    private final PlatformHttp http;
    private final LoadDriver driver;
    private final Results results;
    private final int warmUpSeconds;

    SubmitBench(Database database, PlatformHttp http, LoadDriver driver, Results results, int warmUpSeconds) {
        this.database = database;
        this.http = http;
        this.driver = driver;
        this.results = results;
        this.warmUpSeconds = warmUpSeconds;
    }

    /** Measures, and hands back the first declaration submitted, if any was. */
    Optional<SubmittedDeclaration> run() throws Exception {
        SubmitWork submit = SubmitWork.prepare(database.jdbi(), http.uri("/api/v1/me/declarations"));
        results.add("submit: " + driver.awaitQuiet());
        results.add("submit " + driver.warmUpUntilCompiled(8, warmUpSeconds, 3 * warmUpSeconds, submit));
        RawInsertWork raw = RawInsertWork.prepare(database, submit.firstBody());
        results.add("database settings of both, the platform's embedded PostgreSQL: " + raw.durability());
        driver.warmUp(8, 5, raw);
        StatementStatistics statements = StatementStatistics.of(database);
        AutovacuumRuns autovacuum = new AutovacuumRuns(database);
        WalWritten wal = new WalWritten(database);
        for (int clients : new int[] {8, 32}) {
            // Each phase starts with nothing left over from the one before it or from the warm-up.
            String quietBefore = driver.awaitQuiet();
            statements.reset();
            autovacuum.mark();
            wal.mark();
            LoadStats overHttp = driver.measure(clients, submit);
            // The outbox worker and the CRM feed finish the phase's mails, events and timelines
            // after it; the baseline is measured once they have, not sharing the cores with them.
            String caughtUp = driver.awaitQuiet();
            // up to the quiet after the phase: what the submissions left the background counts too
            List<String> perSubmission = statements.perRequest(overHttp.count());
            String vacuumed = autovacuum.sinceMark();
            String walOfSubmissions = wal.perRequestSinceMark(overHttp.count());
            List<String> walByRelation = clients == 8 ? wal.byRelationSinceMark(overHttp.count()) : List.of();
            autovacuum.mark();
            wal.mark();
            LoadStats overJdbc = driver.measure(clients, raw);
            String vacuumedInBaseline = autovacuum.sinceMark();
            String walOfBaseline = wal.perRequestSinceMark(overJdbc.count());
            results.addFormatted("submit over HTTP, %d clients: %s", clients, overHttp);
            results.add("  " + overHttp.serverThreads());
            results.add("  " + overHttp.bySecond());
            results.add("  before the phase: " + quietBefore);
            results.add("  after the phase: " + caughtUp);
            results.add("  autovacuum in the phase and the wait after it: " + vacuumed);
            results.add("  " + walOfSubmissions + ", in the phase and the wait after it");
            walByRelation.forEach(line -> results.add("  " + line));
            perSubmission.forEach(line -> results.add("  " + line));
            results.addFormatted("raw JDBC INSERT, %d clients: %s", clients, overJdbc);
            results.add("  autovacuum in the phase: " + vacuumedInBaseline);
            results.add("  " + walOfBaseline);
            double ratio = overHttp.perSecond() / overJdbc.perSecond();
            if (clients == 8) {
                results.addFormatted("submit / raw INSERT at 8 clients: %.1f%%, p99 %.1f ms  [target >= 25%% with"
                        + " p99 < 50 ms: %s]", 100 * ratio, overHttp.percentile(0.99),
                        Figures.met(ratio >= 0.25 && overHttp.percentile(0.99) < 50));
            } else {
                results.addFormatted("submit / raw INSERT at %d clients: %.1f%%, p99 %.1f ms  [target p99 < 100 ms:"
                        + " %s]", clients, 100 * ratio, overHttp.percentile(0.99),
                        Figures.met(overHttp.percentile(0.99) < 100));
            }
            if (clients == 8) {
                results.addFormatted("submit server CPU at 8 clients: %.2f ms per request  [target <= 0.6 ms: %s]",
                        overHttp.serverMillisPerRequest(), Figures.met(overHttp.serverMillisPerRequest() <= 0.6));
            }
        }
        RawInsertWork lighter = RawInsertWork.withoutTrigramIndexes(database, submit.firstBody());
        RawInsertWork keyed = RawInsertWork.withForeignKeys(database, submit.firstBody());
        driver.warmUp(8, 3, lighter);
        driver.warmUp(8, 3, keyed);
        LoadStats allIndexes = driver.measure(8, raw);
        LoadStats fewerIndexes = driver.measure(8, lighter);
        LoadStats withKeys = driver.measure(8, keyed);
        results.addFormatted("raw JDBC INSERT, 8 clients, all %d indexes of declarations: %s", raw.indexes(database),
                allIndexes);
        results.addFormatted("raw JDBC INSERT, 8 clients, without the 3 trigram indexes (%d left): %s",
                lighter.indexes(database), fewerIndexes);
        results.addFormatted("raw JDBC INSERT, 8 clients, all indexes and the foreign keys to the account, project"
                + " and program: %s", withKeys);
        driver.awaitQuiet();
        new DeclarationWriteCosts(database, submit.firstBody()).measure().forEach(results::add);
        return submit.first();
    }
}
