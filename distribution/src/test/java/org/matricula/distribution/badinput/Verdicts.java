package org.matricula.distribution.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Judges one answer of the campaign: never a 5xx, a useful 4xx, nothing reflected unescaped. */
final class Verdicts {

    /** What the campaign's script payloads would look like if echoed unescaped into a page. */
    static final String SCRIPT_MARKER = "<script>alert(";
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat (java|javax|jakarta|org\\.eclipse|org\\.glassfish|org\\.matricula|com\\.fasterxml)\\.|"
                    + "Exception: |\\.java:\\d+\\)");
    /** What must never be in a problem's text: names of Java types and packages. */
    private static final Pattern JAVA_NAMES = Pattern.compile("org\\.matricula|java\\.|com\\.fasterxml|\\$");
    /** The headers every answer carries, the application's and Jetty's own alike. */
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "frame-ancestors 'none'", "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff", "Referrer-Policy", "same-origin");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Verdicts() {
    }

    /** The problem with this answer, or empty when it is right. */
    static Optional<String> judge(Probe probe, RawHttp.Response answer) {
        int status = answer.status();
        if (status == 0) {
            return Optional.of("no HTTP answer");
        }
        if (status >= 500) {
            return Optional.of("server error " + status);
        }
        if (STACK_TRACE.matcher(answer.body()).find()) {
            return Optional.of("the answer shows a stack trace");
        }
        // The lead form websites embed is the one page other sites may frame (docs/websites.md).
        boolean framed = probe.target().startsWith("/embed/forms/");
        for (Map.Entry<String, String> header : SECURITY_HEADERS.entrySet()) {
            if (framed && header.getKey().equals("X-Frame-Options")) {
                continue;
            }
            // Its refusals made before the form is reached (by Jetty, or for a wrong method) may forbid framing.
            boolean frameableAnswer = framed && header.getKey().equals("Content-Security-Policy")
                    && answer.header(header.getKey()).contains("frame-ancestors *");
            if (!frameableAnswer && !answer.header(header.getKey()).contains(header.getValue())) {
                return Optional.of("the answer lacks the security header " + header.getKey());
            }
        }
        if (status >= 400) {
            return probe.api() ? problemJson(probe, answer) : htmlPage(probe, answer);
        }
        if (probe.expect() == Probes.Expect.REFUSE || probe.expect() == Probes.Expect.NOT_SERVED && status < 300) {
            return Optional.of("accepted (" + status + ") though the input is not acceptable");
        }
        if (isHtml(answer) && answer.body().contains(SCRIPT_MARKER)) {
            return Optional.of("a script payload is reflected unescaped in the page");
        }
        return Optional.empty();
    }

    private static Optional<String> problemJson(Probe probe, RawHttp.Response answer) {
        if (!answer.header("Content-Type").startsWith("application/problem+json")) {
            return Optional.of("a " + answer.status() + " of the API is not application/problem+json but '"
                    + answer.header("Content-Type") + "'");
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            return Optional.of("the problem body is not JSON");
        }
        if (problem.path("detail").asText("").isBlank()) {
            return Optional.of("the problem has no detail");
        }
        JsonNode errors = problem.path("errors");
        String told = problem.path("title").asText("") + " " + problem.path("detail").asText("") + " " + errors;
        if (JAVA_NAMES.matcher(told).find()) {
            return Optional.of("the problem names Java types or packages");
        }
        for (JsonNode error : errors) {
            if (error.path("field").asText("").isBlank() || error.path("message").asText("").isBlank()) {
                return Optional.of("a field error without field or message: " + error);
            }
        }
        boolean fieldCheck = answer.status() == 400 || answer.status() == 422;
        if (fieldCheck && probe.faultyField() != null && !names(errors, probe.faultyField())) {
            return Optional.of("the errors do not name the field at fault, '" + probe.faultyField() + "'");
        }
        return Optional.empty();
    }

    private static boolean names(JsonNode errors, String field) {
        for (JsonNode error : errors) {
            String named = error.path("field").asText("");
            if (named.equals(field) || named.endsWith("." + field) || named.startsWith(field + ".")
                    || named.startsWith(field + "[")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> htmlPage(Probe probe, RawHttp.Response answer) {
        if (unreadable(answer)) {
            // Jetty could not read the request line or headers: neither the page nor the Accept header is known.
            return problemJson(probe, answer);
        }
        if (!isHtml(answer)) {
            return Optional.of("a " + answer.status() + " of a page is not HTML but '"
                    + answer.header("Content-Type") + "'");
        }
        if (!answer.body().toLowerCase(Locale.ROOT).contains("<html") || answer.body().length() < 200) {
            return Optional.of("the error page is not a page");
        }
        if (answer.body().contains(SCRIPT_MARKER)) {
            return Optional.of("a script payload is reflected unescaped in the error page");
        }
        return Optional.empty();
    }

    /** A problem naming no address: Jetty could not read the request's line, so there was no address to name. */
    private static boolean unreadable(RawHttp.Response answer) {
        return answer.header("Content-Type").startsWith("application/problem+json")
                && !answer.body().contains("\"instance\"");
    }

    private static boolean isHtml(RawHttp.Response answer) {
        return answer.header("Content-Type").startsWith("text/html");
    }
}
