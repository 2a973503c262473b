package org.matricula.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.matricula.platform.web.SecretTokens;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.testing.TestSessions;
import org.matricula.platform.testing.TestSessions.Session;

/**
 * One submission per call, each by a new applicant-and-program pair so that none is refused as a
 * second declaration. The bodies copy the demo seed's values, one per program, so that every
 * family's checks pass.
 */
final class SubmitWork implements LoadDriver.Work {

    private static final ObjectMapper JSON = JsonMapper.create();
    /** Pairs enough for every submission of a run; making the sessions up front keeps it out of the timings. */
    private static final int CAPACITY = 300_000;

    private final URI uri;
    private final List<String> bodies;
    private final List<Session> applicants;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<SubmittedDeclaration> first = new AtomicReference<>();

    private SubmitWork(URI uri, List<String> bodies, List<Session> applicants) {
        this.uri = uri;
        this.bodies = bodies;
        this.applicants = applicants;
    }

    /** Reads one body per program from the seed's declarations and signs in the applicants. */
    static SubmitWork prepare(Jdbi jdbi, URI uri) {
        List<String> bodies = bodies(jdbi);
        int accounts = CAPACITY / bodies.size() + 1;
        long made = System.nanoTime();
        List<Session> applicants = applicants(jdbi, accounts);
        System.out.println("made " + accounts + " applicant sessions in " + Figures.millisSince(made) + " ms; "
                + bodies.size() + " program templates");
        return new SubmitWork(uri, bodies, applicants);
    }

    /**
     * Signed-in applicants as {@link TestSessions#applicant} makes them, tens of thousands at once:
     * two batched inserts instead of two statements each.
     */
    private static List<Session> applicants(Jdbi jdbi, int count) {
        List<Session> sessions = IntStream.range(0, count).mapToObj(i -> new Session(UUID.randomUUID(),
                "applicant-" + UUID.randomUUID() + "@example.org", SecretTokens.newToken(), SecretTokens.newToken(),
                null)).toList();
        jdbi.useTransaction(handle -> {
            PreparedBatch accounts = handle.prepareBatch("""
                    INSERT INTO accounts (id, email, password_hash, role, display_name, verified_at)
                    VALUES (:id, :email, 'not-a-hash', 'APPLICANT', 'Тест', now())""");
            PreparedBatch signedIn = handle.prepareBatch("""
                    INSERT INTO sessions (id, account_id, csrf_token, expires_at)
                    VALUES (:id, :account, :csrf, now() + interval '1 hour')""");
            for (Session session : sessions) {
                accounts.bind("id", session.accountId()).bind("email", session.email()).add();
                signedIn.bind("id", SecretTokens.digest(session.id())).bind("account", session.accountId())
                        .bind("csrf", session.csrf()).add();
            }
            accounts.execute();
            signedIn.execute();
        });
        return sessions;
    }

    private static List<String> bodies(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT DISTINCT ON (d.program_id) pr.slug, pg.code, d.values::text AS values
                FROM declarations d JOIN projects pr ON pr.id = d.project_id JOIN programs pg ON pg.id = d.program_id
                ORDER BY d.program_id, d.submitted_at""").map((rs, ctx) -> "{\"project\":\"" + rs.getString("slug")
                + "\",\"program\":\"" + rs.getString("code") + "\",\"values\":" + rs.getString("values") + "}")
                .list());
    }

    /** One body, the first program's, for requests that need only one each. */
    static String prepareBody(Jdbi jdbi) {
        return bodies(jdbi).get(0);
    }

    @Override
    public void run(LoadConnection connection) throws Exception {
        int i = next.getAndIncrement();
        if (i >= applicants.size() * bodies.size()) {
            throw new IllegalStateException("out of applicant and program pairs");
        }
        // One applicant after another, as an institution's submissions come from many people, and
        // one program after another as before; an applicant's k-th submission goes k programs
        // further on than its first, so that no pair comes twice.
        int applicant = i % applicants.size();
        Session session = applicants.get(applicant);
        String body = bodies.get((i / applicants.size() + applicant) % bodies.size());
        LoadConnection.Answer response = connection.postJson(uri, body,
                "Cookie", session.cookie(), "X-CSRF-Token", session.csrf()).require(201, uri);
        if (first.get() == null) {
            first.compareAndSet(null,
                    new SubmittedDeclaration(JSON.readTree(response.body()).get("id").asText(), session));
        }
    }

    /** The body of the first program: the raw INSERT stores the same JSON. */
    String firstBody() {
        return bodies.get(0);
    }

    Optional<SubmittedDeclaration> first() {
        return Optional.ofNullable(first.get());
    }
}
