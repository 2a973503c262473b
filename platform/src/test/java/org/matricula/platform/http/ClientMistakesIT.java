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
    void aQueryParameterThatDoesNotConvertIsA400NamingIt() throws Exception {
        Map<String, String> badParameters = new java.util.LinkedHashMap<>();
        badParameters.put("/api/v1/analytics/payments?page=abc", "page");
        badParameters.put("/api/v1/analytics/payments?page=99999999999", "page");
        badParameters.put("/api/v1/crm/persons?page=abc", "page");
        badParameters.put("/api/v1/crm/deals?kind=B2B&limit=abc", "limit");
        badParameters.put("/api/v1/billing/quote?programId=abc", "programId");
        badParameters.put("/api/v1/billing/quote?personId=zzz", "personId");
        badParameters.put("/api/v1/acquiring/payments?invoiceId=zzz", "invoiceId");
        badParameters.put("/api/v1/crm/stuck?program=x", "program");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        org.matricula.platform.testing.TestSessions.Session admin =
                org.matricula.platform.testing.TestSessions.admin(server);
        for (Map.Entry<String, String> bad : badParameters.entrySet()) {
            java.net.http.HttpResponse<String> answer = server.send(admin.request(bad.getKey())
                    .header("Accept-Language", "en"));
            assertEquals(400, answer.statusCode(), bad.getKey() + " → " + answer.body());
            com.fasterxml.jackson.databind.JsonNode problem = json.readTree(answer.body());
            assertEquals(bad.getValue(), problem.path("errors").path(0).path("field").asText(), answer.body());
            assertTrue(problem.path("errors").path(0).path("message").asText().startsWith("Not a valid"),
                    answer.body());
            assertTrue(problem.path("detail").asText().startsWith("Parameter '" + bad.getValue() + "': not a valid"),
                    answer.body());
            assertFalse(JAVA_NAMES.matcher(answer.body()).find(), answer.body());
        }
        java.net.http.HttpResponse<String> russian = server.send(server.admin("/api/v1/analytics/payments?page=abc")
                .header("Accept-Language", "ru"));
        assertTrue(russian.body().contains("\"message\":\"Неверное число: нужно целое число от -2147483648 до 2147483647\""),
                russian.body());
    }

    @Test
    void refusalsJerseyMakesItselfAreToldInTheReadersLanguage() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> expected = Map.of(
                "GET /api/v1/no-such-thing", "По этому адресу ничего нет",
                "DELETE /api/v1/families", "Этот адрес не принимает такой метод",
                "POST /api/v1/auth/login text/plain", "Этот адрес не принимает тело с таким Content-Type",
                "GET /api/v1/families image/png", "Этот адрес не может ответить ни в одном из типов, которые просит заголовок Accept");
        for (Map.Entry<String, String> refusal : expected.entrySet()) {
            String[] parts = refusal.getKey().split(" ");
            String type = parts.length > 2 && parts[0].equals("POST") ? parts[2] : "application/json";
            String accept = parts.length > 2 && parts[0].equals("GET") ? parts[2] : "application/json";
            Answer answer = send(parts[0] + " " + parts[1] + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
                    + "\r\nAccept-Language: ru\r\nContent-Type: " + type + "\r\nContent-Length: 2\r\n"
                    + "Authorization: Bearer " + RunningPlatform.ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n{}");
            assertTrue(answer.status() >= 400 && answer.status() < 500, refusal.getKey() + " → " + answer.status());
            if (!answer.body().isEmpty()) {
                assertEquals(refusal.getValue(), json.readTree(answer.body()).path("detail").asText(),
                        refusal.getKey() + " → " + answer.body());
            }
            assertFalse(answer.body().contains("HTTP " + answer.status()), answer.body());
        }
        java.net.http.HttpResponse<String> ownRefusal = server.send(org.matricula.platform.testing.TestSessions
                .admin(server).request("/api/v1/crm/segments/999999").header("Accept-Language", "en"));
        assertEquals(404, ownRefusal.statusCode(), ownRefusal.body());
        assertFalse(ownRefusal.body().contains("There is nothing at this address"), "the platform's own message is kept: "
                + ownRefusal.body());
    }

    @Test
    void addressesJettyRefusesAreToldInOneLanguageWithARequestId() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> expected = Map.of(
                "/api/v1//me", "Сегменты '.', '..' и пустые сегменты в адресе не принимаются",
                "/api/v1/a%2Fb", "Закодированные косые черты, обратные косые черты, точки и NUL в адресе не принимаются",
                "/api/v1/%2e%2e/me", "Сегменты '.', '..' и пустые сегменты в адресе не принимаются",
                "/api/v1/a%5Cb", "Закодированные косые черты, обратные косые черты, точки и NUL в адресе не принимаются");
        for (Map.Entry<String, String> refused : expected.entrySet()) {
            Answer answer = send("GET " + refused.getKey() + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json"
                    + "\r\nAccept-Language: ru\r\nConnection: close\r\n\r\n");
            assertEquals(400, answer.status(), refused.getKey() + " → " + answer.body());
            assertEquals(refused.getValue(), json.readTree(answer.body()).path("detail").asText(),
                    refused.getKey() + " → " + answer.body());
        }
        for (String unreadable : List.of("/api/v1/me%00", "/api/" + "x".repeat(9 * 1024))) {
            Answer answer = send("GET " + unreadable + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json"
                    + "\r\nAccept-Language: en\r\nConnection: close\r\n\r\n");
            String shown = unreadable.substring(0, Math.min(unreadable.length(), 20)) + " → " + answer.body();
            assertTrue(answer.status() >= 400 && answer.status() < 500, shown);
            com.fasterxml.jackson.databind.JsonNode problem = json.readTree(answer.body());
            assertFalse(answer.body().contains("/badMessage"), shown);
            assertFalse(problem.path("requestId").asText().isEmpty(), shown);
            assertEquals(problem.path("requestId").asText(), answer.header(RequestIdFilter.HEADER), shown);
            assertFalse(problem.path("detail").asText().matches(".*(Ambiguous|Suspicious|Illegal|Bad).*"), shown);
        }
    }

    @Test
    void textThatCannotBeStoredIsRefusedNamingItsField() throws Exception {
        Answer nul = postJson("/api/v1/auth/signup", "{\"email\":\"nul@example.org\",\"password\":\"a long enough passphrase\","
                + "\"displayName\":\"a\\u0000b\"}");
        assertEquals(400, nul.status(), nul.body());
        assertTrue(nul.body().contains("\"field\":\"displayName\",\"message\":\"Contains a character that cannot be stored"),
                nul.body());
        Answer emoji = postJson("/api/v1/auth/signup", "{\"email\":\"emoji@example.org\",\"password\":\"a long enough passphrase\","
                + "\"displayName\":\"\\u0410\\u043d\\u043d\\u0430 \\uD83D\\uDE00 \\u05e9\\u05dc\\u05d5\\u05dd\"}");
        assertTrue(emoji.status() >= 200 && emoji.status() < 300, emoji.body());
        assertEquals("Анна 😀 שלום", server.platform().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT display_name FROM accounts WHERE email = 'emoji@example.org'").mapTo(String.class).one()));
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
