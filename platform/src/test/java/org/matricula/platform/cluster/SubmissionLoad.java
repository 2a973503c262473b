package org.matricula.platform.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.testing.TestSessions;

/**
 * Client threads that each submit one declaration after another, every one for a fresh applicant,
 * and write down what became of each request: created (with the answer's id and number), refused
 * (any other answer), or no answer at all. A thread stops at its first request without an answer.
 */
final class SubmissionLoad {

    enum Result { CREATED, REFUSED, NO_ANSWER }

    /** One request: whose it was, and what came back. */
    record Outcome(UUID accountId, Result result, UUID declarationId, String number, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final URI submit;
    private final String body;
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final List<Thread> clients = new ArrayList<>();

    SubmissionLoad(Jdbi jdbi, URI submit, String project, String program) {
        this.jdbi = jdbi;
        this.submit = submit;
        this.body = "{\"project\":\"" + project + "\",\"program\":\"" + program + "\",\"values\":{\"email\":\"%s\","
                + "\"phone\":\"+7 912 000-11-22\"}}";
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            Thread client = new Thread(this::submitUntilNoAnswer, "submit-client-" + i);
            clients.add(client);
            client.start();
        }
    }

    private void submitUntilNoAnswer() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        try {
            while (true) {
                TestSessions.Session applicant = TestSessions.applicant(jdbi);
                HttpRequest request = HttpRequest.newBuilder(submit).timeout(Duration.ofSeconds(15))
                        .header("Cookie", applicant.cookie()).header("X-CSRF-Token", applicant.csrf())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.formatted(applicant.email()))).build();
                HttpResponse<String> response;
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    outcomes.add(new Outcome(applicant.accountId(), Result.NO_ANSWER, null, null, e.toString()));
                    return;
                }
                outcomes.add(outcome(applicant.accountId(), response));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            outcomes.add(new Outcome(null, Result.REFUSED, null, null, "client failed: " + e));
        }
    }

    private Outcome outcome(UUID accountId, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 201) {
            return new Outcome(accountId, Result.REFUSED, null, null, response.statusCode() + " " + response.body());
        }
        JsonNode declaration = JSON.readTree(response.body());
        created.incrementAndGet();
        return new Outcome(accountId, Result.CREATED, UUID.fromString(declaration.get("id").asText()),
                declaration.get("number").asText(), "");
    }

    int created() {
        return created.get();
    }

    /** Whether a request was refused or a client failed, which no request should. */
    boolean refused() {
        return outcomes.stream().anyMatch(outcome -> outcome.result() == Result.REFUSED);
    }

    /** Waits for every client to have stopped, which they do once the server is gone. */
    List<Outcome> awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread client : clients) {
            client.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (client.isAlive()) {
                throw new AssertionError(client.getName() + " still running " + timeout + " after the kill");
            }
        }
        return List.copyOf(outcomes);
    }
}
