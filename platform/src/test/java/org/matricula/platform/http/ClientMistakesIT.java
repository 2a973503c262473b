package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matricula.platform.testing.RunningPlatform;
import org.slf4j.LoggerFactory;

/**
 * Requests broken by the client, seen over a raw socket: every answer is a clear client error with
 * the security headers, names no Java type, and leaves no error with a stack trace in the log.
 */
class ClientMistakesIT {

    private static final Pattern JAVA_NAMES = Pattern.compile("org\\.matricula|java\\.|com\\.fasterxml|\\$");

    static RunningPlatform server;

    @BeforeAll
    static void start() {
        // A short idle timeout, so that a body that stops arriving is given up on in seconds.
        server = RunningPlatform.start(Map.of("http.idle-timeout", "4s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestsJettyRefusesCarryTheSecurityHeaders() {
        List<String> targets = List.of("//x", "/a%2Fb", "/%C0%AF", "/api/" + "x".repeat(9 * 1024));
        for (String target : targets) {
            for (String accept : List.of("text/html", "application/json", "image/png")) {
                Answer answer = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
                        + "\r\nConnection: close\r\n\r\n");
                String shown = target.substring(0, Math.min(target.length(), 20)) + " " + accept;
                assertTrue(answer.status() >= 400 && answer.status() < 500, shown + " → " + answer.status());
                SecurityHeaders.all().forEach((name, value) -> assertEquals(value, answer.header(name),
                        name + " on " + shown));
            }
        }
    }

    @Test
    void aJsonBodyOfTheWrongShapeIsToldInJsonTermsOnly() {
        Answer array = postJson("/api/auth/login", "[]");
        assertEquals(400, array.status(), array.body());
        assertTrue(array.body().contains("\"field\":\"body\""), array.body());
        assertTrue(array.body().contains("expected an object"), array.body());
        assertFalse(JAVA_NAMES.matcher(array.body()).find(), array.body());

        Answer nested = postJson("/api/auth/login", "{\"email\":[\"a@example.org\"]}");
        assertEquals(400, nested.status(), nested.body());
        assertTrue(nested.body().contains("\"field\":\"email\",\"message\":\"Expected a string\""), nested.body());
        assertFalse(JAVA_NAMES.matcher(nested.body()).find(), nested.body());
    }

    @Test
    void aRouteThatTakesLargeBodiesSaysSoAndTheOthersStayAtTwoMegabytes() {
        byte[] threeMegabytes = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(threeMegabytes, (byte) 'x');
        java.net.http.HttpResponse<String> statement = server.send(server.admin("/api/v1/bank/statements")
                .header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(threeMegabytes)));
        assertTrue(statement.statusCode() >= 400 && statement.statusCode() < 500 && statement.statusCode() != 413,
                "a bank statement may be larger than a form; this one is no statement: " + statement.statusCode());
        java.net.http.HttpResponse<String> json = server.send(server.admin("/api/v1/admin/projects")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(threeMegabytes)));
        assertEquals(413, json.statusCode(), json.body());
        java.net.http.HttpResponse<String> chunked = server.send(java.net.http.HttpRequest.newBuilder(
                server.uri("/api/v1/auth/login")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                        new java.io.ByteArrayInputStream("{\"email\":\"".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        new java.io.ByteArrayInputStream(threeMegabytes)))));
        assertEquals(413, chunked.statusCode(), "counted as it is read when no length is declared");
    }

    /**
     * A refused body is still read to its end (up to 16 MB), so the client, still sending, gets the
     * refusal instead of a reset connection, and the connection serves the next request.
     */
    @Test
    void aBodyRefusedAsTooLargeIsReadToItsEndSoTheConnectionLivesOn() throws Exception {
        int length = 3 * 1024 * 1024;
        try (Socket socket = new Socket("127.0.0.1", server.platform().port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    out.write(("POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                            + "Accept-Language: en\r\nContent-Type: application/json\r\nContent-Length: " + length
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    for (int sent = 0; sent < length; sent += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, length - sent));
                    }
                    out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String both = readAll(socket.getInputStream());
            sending.join();
            assertTrue(both.startsWith("HTTP/1.1 413 "), both);
            int second = both.indexOf("HTTP/1.1 ", 1);
            assertTrue(second > 0, "the connection was closed after the refusal: " + both);
            assertTrue(both.startsWith("HTTP/1.1 200 ", second), both.substring(second));
        }
    }

    /** Waits for the connector's idle timeout ({@code http.idle-timeout}), once for a JSON and a form body at the same time. */
    @Test
    void aBodyThatStopsArrivingIsARequestTimeoutWithoutAStackTraceInTheLog() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try {
            CompletableFuture<Answer> json = CompletableFuture.supplyAsync(() -> send(stalled("/api/auth/login",
                    "application/json", "{\"email\":\"")));
            // A browser's form post: the log-in page answers pages, so it asks for HTML.
            CompletableFuture<Answer> form = CompletableFuture.supplyAsync(() -> send(stalled("/login",
                    "text/html", "application/x-www-form-urlencoded", "email=a%40")));
            for (Answer answer : List.of(json.join(), form.join())) {
                assertEquals(408, answer.status(), answer.body());
                assertTrue(answer.body().contains("did not arrive in time"), answer.body());
            }
            Answer cutOff = send(stalled("/api/auth/login", "application/json", "{\"email\":\""), true);
            assertEquals(400, cutOff.status(), cutOff.body());
            assertTrue(cutOff.body().contains("ended before"), cutOff.body());
        } finally {
            root.detachAppender(log);
        }
        List<String> errors = log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
        assertEquals(List.of(), errors, "a client's slow or cut-off body is not the server's error");
    }

    private static String stalled(String path, String type, String start) {
        return stalled(path, "application/json", type, start);
    }

    private static String stalled(String path, String accept, String type, String start) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept + "\r\nContent-Type: " + type
                + "\r\nAccept-Language: en\r\nContent-Length: 1000\r\n\r\n" + start;
    }

    private static Answer postJson(String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nAccept-Language: en\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static Answer send(String request) {
        return send(request, false);
    }

    /**
     * Writes the request as given (ISO-8859-1, so escapes and bytes go out unchanged), shuts this
     * side of the connection if asked, as a client giving up would, and reads the answer.
     */
    private static Answer send(String request, boolean closeOutput) {
        try (Socket socket = new Socket("127.0.0.1", server.platform().port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            return Answer.parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException resetAfterTheAnswer) {
            // Jetty may reset a connection whose request it did not read to the end.
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** One HTTP/1.1 answer; a body of fixed length is all this test's requests get. */
    private record Answer(int status, Map<String, String> headers, String body) {

        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no complete answer: " + raw);
            String[] lines = raw.substring(0, end).split("\r\n");
            Map<String, String> headers = new java.util.TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
        }

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }
}
