package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.catalog.Catalog;
import org.matricula.platform.catalog.Program;
import org.matricula.platform.catalog.ProgramInput;
import org.matricula.platform.catalog.Project;
import org.matricula.platform.catalog.ProjectInput;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.Eventually;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.RoundTripCounter;
import org.matricula.platform.testing.RunningPlatform;
import org.matricula.platform.testing.TestPostgres;
import org.matricula.platform.testing.TestSessions;

/**
 * How many times a submission over HTTP waits for PostgreSQL, counted on the wire: the session
 * (unless the node keeps it), one statement that stores everything, and a commit where one is
 * needed. A limited program may take one more (its place).
 */
class SubmitRoundTripsIT {

    static final int UNLIMITED_MOST = 3;
    static final int LIMITED_MOST = 4;
    /**
     * The form of a project without limited programs: the session, then the applicant's profile and
     * declarations in the project (the catalog and the deals' terms are in memory).
     */
    static final int FORM_MOST = 2;
    /** The same once the node keeps the session: the profile and declarations alone. */
    static final int FORM_WITH_KEPT_SESSION = 1;
    /** A submission once the node keeps the session: the one statement alone. */
    static final int SUBMIT_WITH_KEPT_SESSION = 1;

    static RoundTripCounter counter;
    static RunningPlatform server;
    static Jdbi jdbi;

    @BeforeAll
    static void start() throws Exception {
        counter = RoundTripCounter.in(TestPostgres.newDatabase());
        // Two pooled connections (the migration needs both); requests back to back reuse the first,
        // which is then never validated on borrow. The outbox worker and the CRM's feed
        // wait, so that the counter sees only the requests.
        server = RunningPlatform.start(Map.of("db.url", counter.jdbcUrl(), "db.pool-size", "2",
                "outbox.poll-interval", "1h", "crm.feed-interval", "1h"));
        jdbi = server.platform().database().jdbi();
        PluginJar.plugin("round-trips", "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/round-trips/V1__notes.sql", "CREATE TABLE notes (note text);")
                .writeTo(server.pluginsDir(), "round-trips.jar");
        server.awaitFamily("round-trips");
        Catalog catalog = new Catalog(jdbi, id -> true);
        Project project = catalog.createProject(new ProjectInput("trips", "Trips", "", "round-trips", true, "", ""));
        Project unlimitedOnly = catalog.createProject(new ProjectInput("trips-open", "Trips, open", "", "round-trips",
                true, "", ""));
        for (String[] program : new String[][] {{"open", ""}, {"limited", "1000"}}) {
            Program created = catalog.createProgram(new ProgramInput(program[0], program[0], "", true, program[1],
                    false));
            catalog.link(project.id(), created.id());
            if (program[1].isEmpty()) {
                catalog.link(unlimitedOnly.id(), created.id());
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        counter.close();
    }

    @Test
    void submittingToAnUnlimitedProgram() {
        assertAtMost(UNLIMITED_MOST, "open");
    }

    @Test
    void submittingToALimitedProgram() {
        assertAtMost(LIMITED_MOST, "limited");
    }

    @Test
    void viewingTheFormOfAnUnlimitedProgram() {
        TestSessions.Session applicant = TestSessions.applicant(server);
        viewForm(applicant);
        for (int i = 0; i < 3; i++) {
            long before = counter.roundTrips();
            viewForm(applicant);
            long trips = counter.roundTrips() - before;
            assertTrue(trips <= FORM_WITH_KEPT_SESSION, "the form made " + trips + " round trips with the session "
                    + "kept, at most " + FORM_WITH_KEPT_SESSION + " allowed");
        }
    }

    @Test
    void submittingWithASessionTheNodeKeeps() {
        TestSessions.Session applicant = TestSessions.applicant(server);
        viewForm(applicant);
        long before = counter.roundTrips();
        submit(applicant, "open");
        long trips = counter.roundTrips() - before;
        assertTrue(trips <= SUBMIT_WITH_KEPT_SESSION, "a submit with the session kept made " + trips
                + " round trips, at most " + SUBMIT_WITH_KEPT_SESSION + " allowed");
    }

    @Test
    void viewingTheFormWithASessionDueForExtension() {
        TestSessions.Session applicant = TestSessions.applicant(server);
        viewForm(applicant);
        // Idle for two minutes: the next view extends the session, in the statement that reads it (once
        // the node has heard of the change, made here by SQL, and dropped the session it keeps).
        jdbi.useHandle(handle -> handle.execute("UPDATE sessions SET last_seen_at = now() - interval '2 minutes' "
                + "WHERE account_id = ?", applicant.accountId()));
        Eventually.holds("the session extended by a view", () -> {
            long before = counter.roundTrips();
            viewForm(applicant);
            long trips = counter.roundTrips() - before;
            assertTrue(trips <= FORM_MOST, "the form made " + trips + " round trips, at most " + FORM_MOST + " allowed");
            return jdbi.withHandle(handle -> handle.createQuery("SELECT last_seen_at > now() - interval "
                    + "'1 minute' FROM sessions WHERE account_id = :account").bind("account", applicant.accountId())
                    .mapTo(Boolean.class).one());
        });
    }

    private static void viewForm(TestSessions.Session applicant) {
        HttpResponse<String> form = server.send(applicant.request("/apply/trips-open?program=open"));
        assertEquals(200, form.statusCode(), form.body());
        assertTrue(form.body().contains("name=\"phone\""), form.body());
    }

    private static void assertAtMost(int most, String program) {
        submit(TestSessions.applicant(server), program);
        for (int i = 0; i < 3; i++) {
            // A new account each time (made before counting): one declaration per account and program.
            TestSessions.Session applicant = TestSessions.applicant(server);
            long before = counter.roundTrips();
            submit(applicant, program);
            long trips = counter.roundTrips() - before;
            System.out.println("submit to the " + program + " program: " + trips + " round trips to PostgreSQL");
            assertTrue(trips <= most, "a submit to the " + program + " program made " + trips
                    + " round trips, at most " + most + " allowed");
        }
    }

    private static void submit(TestSessions.Session applicant, String program) {
        HttpResponse<String> created = server.send(applicant.json("/api/v1/me/declarations")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"trips\",\"program\":\"" + program + "\","
                        + "\"values\":{\"email\":\"trips@example.org\",\"phone\":\"+7 912 000-11-22\"}}")));
        assertEquals(201, created.statusCode(), created.body());
    }
}
