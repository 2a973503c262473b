package org.matricula.bench;

import java.util.Optional;
import org.matricula.platform.db.Database;

/**
 * Submitting declarations over HTTP against single-row INSERTs over plain JDBC into the same
 * database, at 8 and 32 clients: how much of the database's own write rate the platform keeps.
 */
final class SubmitBench {

    private final Database database;
    private final PlatformHttp http;
    private final LoadDriver driver;
    private final Results results;

    SubmitBench(Database database, PlatformHttp http, LoadDriver driver, Results results) {
        this.database = database;
        this.http = http;
        this.driver = driver;
        this.results = results;
    }

    /** Measures, and hands back the first declaration submitted, if any was. */
    Optional<SubmittedDeclaration> run() throws Exception {
        SubmitWork submit = SubmitWork.prepare(database.jdbi(), http.uri("/api/me/declarations"));
        driver.warmUp(8, 5, submit);
        RawInsertWork raw = RawInsertWork.prepare(database, submit.firstBody());
        results.add("database settings of both, the platform's embedded PostgreSQL: " + raw.durability());
        driver.warmUp(8, 3, raw);
        for (int clients : new int[] {8, 32}) {
            LoadStats overHttp = driver.measure(clients, submit);
            LoadStats overJdbc = driver.measure(clients, raw);
            results.addFormatted("submit over HTTP, %d clients: %s", clients, overHttp);
            results.addFormatted("raw JDBC INSERT, %d clients: %s", clients, overJdbc);
            results.addFormatted("submit / raw INSERT at %d clients: %.1f%%  [target >= 40%% with p99 < 50 ms:"
                    + " %s]", clients, 100 * overHttp.perSecond() / overJdbc.perSecond(),
                    Figures.met(overHttp.perSecond() >= 0.4 * overJdbc.perSecond()
                            && overHttp.percentile(0.99) < 50));
        }
        return submit.first();
    }
}
