package org.matricula.distribution.badinput;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates the malformed requests of the campaign for one endpoint: broken credentials, bad path
 * and query parameters, broken bodies of every kind the endpoint reads, and odd headers.
 */
final class Probes {

    static final int HUGE_BODY = 12 * 1024 * 1024;
    private static final String SCRIPT = Verdicts.SCRIPT_MARKER + "'xss')</script>";
    private static final String SQL = "' OR 1=1 --";
    private static final String LONG = "a".repeat(100 * 1024);
    private static final String SESSION = "matricula_session=";

    private final Fixtures fixtures;
    private final Random random;

    Probes(Fixtures fixtures, Random random) {
        this.fixtures = fixtures;
        this.random = random;
    }

    /** How the credentials of a probe are broken, if at all. */
    private enum Credentials {
        VALID, NO_SESSION, FORGED_SESSION, GARBAGE_COOKIE, NO_CSRF, FORGED_CSRF, APPLICANT_ON_ADMIN, NO_TOKEN,
        WRONG_TOKEN, BASIC_TOKEN
    }

    /** A request being put together. */
    private record Draft(String method, Map<String, String> path, String query,
            List<Map.Entry<String, String>> headers, String contentType, byte[] body, Credentials credentials) {

        Draft withBody(String newType, byte[] newBody) {
            return new Draft(method, path, query, headers, newType, newBody, credentials);
        }

        Draft withQuery(String more) {
            return new Draft(method, path, query.isEmpty() ? more : query + "&" + more, headers, contentType, body,
                    credentials);
        }

        Draft withHeader(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(name, value));
            return new Draft(method, path, query, more, contentType, body, credentials);
        }

        Draft withMethod(String newMethod) {
            return new Draft(newMethod, path, query, headers, contentType, body, credentials);
        }
    }

    List<Probe> of(Endpoint endpoint) {
        List<Probe> probes = new ArrayList<>();
        credentials(endpoint, probes);
        pathParams(endpoint, probes);
        if (endpoint.effect() == Endpoint.Effect.DESTRUCTIVE && endpoint.pathParams().isEmpty()) {
            return probes; // e.g. logging out: with valid credentials anything would end the session
        }
        queryParams(endpoint, probes);
        switch (endpoint.body()) {
            case JSON, JSON_MAP -> {
                jsonBodies(endpoint, probes);
                nullValues(endpoint, probes);
            }
            case FORM -> formBodies(endpoint, probes);
            case MULTIPART -> multipartBodies(endpoint, probes);
            case BINARY -> binaryBodies(endpoint, probes);
            case NONE -> {
                if (endpoint.unsafe()) {
                    probes.add(probe(endpoint, "an unexpected body", base(endpoint, safePath(endpoint))
                            .withBody("application/json", bytes("{\"unexpected\":\"" + SCRIPT + "\"}")), refuse(endpoint),
                            null));
                }
            }
        }
        headers(endpoint, probes);
        return probes;
    }

    // ---- credentials

    private void credentials(Endpoint endpoint, List<Probe> probes) {
        List<Credentials> broken = switch (endpoint.auth()) {
            case PUBLIC -> List.of(Credentials.FORGED_SESSION, Credentials.GARBAGE_COOKIE);
            case APPLICANT, ADMIN -> {
                List<Credentials> modes = new ArrayList<>(List.of(Credentials.NO_SESSION, Credentials.FORGED_SESSION,
                        Credentials.GARBAGE_COOKIE));
                if (endpoint.unsafe()) {
                    modes.addAll(List.of(Credentials.NO_CSRF, Credentials.FORGED_CSRF));
                }
                if (endpoint.auth() == Endpoint.Auth.ADMIN) {
                    modes.add(Credentials.APPLICANT_ON_ADMIN);
                }
                yield modes;
            }
            case ADMIN_TOKEN -> List.of(Credentials.NO_TOKEN, Credentials.WRONG_TOKEN, Credentials.BASIC_TOKEN,
                    Credentials.FORGED_SESSION, Credentials.APPLICANT_ON_ADMIN);
            case ANONYMOUS_FORM -> List.of(Credentials.NO_CSRF, Credentials.FORGED_CSRF);
        };
        for (Credentials mode : broken) {
            Draft draft = minimalBody(endpoint, new Draft(endpoint.method(), validPath(endpoint), "", List.of(), null, null, mode));
            boolean noSession = mode == Credentials.NO_SESSION || mode == Credentials.FORGED_SESSION
                    || mode == Credentials.GARBAGE_COOKIE;
            // Logging out without a session ends nothing; a page may send the visitor to log in instead.
            Expect expect = endpoint.auth() == Endpoint.Auth.PUBLIC ? expectFor(endpoint)
                    : endpoint.effect() == Endpoint.Effect.HARMLESS ? Expect.ANY
                    : noSession && endpoint.effect() == Endpoint.Effect.DESTRUCTIVE && endpoint.pathParams().isEmpty()
                            ? Expect.ANY
                    : endpoint.api() ? Expect.REFUSE : Expect.NOT_SERVED;
            probes.add(probe(endpoint, "credentials: " + mode, draft, expect, null));
        }
    }

    // ---- path parameters

    private void pathParams(Endpoint endpoint, List<Probe> probes) {
        for (String name : endpoint.pathParams()) {
            for (Map.Entry<String, String> bad : badPathValues(endpoint, name).entrySet()) {
                Map<String, String> path = new LinkedHashMap<>(validPath(endpoint));
                path.put(name, bad.getValue());
                probes.add(probe(endpoint, "path {" + name + "}: " + bad.getKey(),
                        minimalBody(endpoint, base(endpoint, path)), Expect.REFUSE, null));
            }
        }
    }

    private Map<String, String> badPathValues(Endpoint endpoint, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        Kind kind = kind(endpoint, name);
        if (kind == Kind.DECLARATION && endpoint.auth() == Endpoint.Auth.APPLICANT) {
            values.put("another applicant's declaration", fixtures.otherDeclaration().toString());
        }
        if (kind == Kind.DOCUMENT) {
            values.put("another declaration's document", fixtures.otherDocument().toString());
        }
        if (kind == Kind.DECLARATION || kind == Kind.DOCUMENT || kind == Kind.ACCOUNT) {
            values.put("unknown uuid", new UUID(random.nextLong(), random.nextLong()).toString());
            values.put("not a uuid", "not-a-uuid");
            values.put("a number", "12345");
        } else if (kind == Kind.PROJECT || kind == Kind.PROGRAM) {
            values.put("unknown id", "987654321");
            values.put("zero", "0");
            values.put("negative", "-1");
            values.put("overflowing number", "99999999999999999999999");
            values.put("decimal", "1.5");
            values.put("text", "abc");
            values.put("a uuid", UUID.randomUUID().toString());
        } else {
            values.put("unknown name", "no-such-thing-" + random.nextInt(1000));
            values.put("traversal", "..%2F..%2F..%2Fetc%2Fpasswd");
            values.put("NUL", "a%00b");
        }
        values.put("script", encode(SCRIPT));
        values.put("SQL", encode(SQL));
        values.put("invalid UTF-8", "%FF%FE%C3%28");
        values.put("broken escape", "%zz%");
        values.put("3000 chars", "b".repeat(3000));
        return values;
    }

    // ---- query parameters

    private void queryParams(Endpoint endpoint, List<Probe> probes) {
        List<String> names = new ArrayList<>(endpoint.queryParams());
        if (listScreen(endpoint)) {
            names.addAll(List.of("columns", "sort", "dir", "page", "size", "q", "status", "nosuchparam"));
        }
        names.add("unexpected");
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("script", encode(SCRIPT));
        payloads.put("SQL", encode(SQL));
        payloads.put("invalid UTF-8", "%FF%FE");
        payloads.put("broken escape", "%zz");
        payloads.put("overflowing number", "99999999999999999999");
        payloads.put("negative", "-1");
        payloads.put("repeated", "a&%s=b");
        payloads.put("4000 chars", "c".repeat(4000));
        int index = 0;
        for (String name : names) {
            for (Map.Entry<String, String> payload : sample(payloads, 3).entrySet()) {
                String value = payload.getValue().replace("%s", name);
                probes.add(probe(endpoint, "query " + name + ": " + payload.getKey(),
                        minimalBody(endpoint, base(endpoint, safePath(endpoint)).withQuery(name + "=" + value)),
                        expectFor(endpoint), null));
            }
            // The rarer shapes once per endpoint, on its first parameter, so the total stays in bounds.
            if (index++ == 0) {
                Map<String, String> rare = new LinkedHashMap<>();
                rare.put("100 KB value", name + "=" + LONG);
                rare.put("unencoded space and angle brackets", name + "=<b> x");
                rare.put("truncated escape", name + "=%E0%A4%A");
                rare.put("lone percent", name + "=%");
                rare.put("no value", name);
                rare.put("empty name", "=x&&=");
                for (Map.Entry<String, String> shape : rare.entrySet()) {
                    probes.add(probe(endpoint, "query: " + shape.getKey(),
                            minimalBody(endpoint, base(endpoint, safePath(endpoint)).withQuery(shape.getValue())),
                            expectFor(endpoint), null));
                }
            }
        }
    }

    private static boolean listScreen(Endpoint endpoint) {
        return endpoint.method().equals("GET") && endpoint.path().matches(".*/(declarations|users)(\\.csv)?");
    }

    // ---- JSON bodies

    private void jsonBodies(Endpoint endpoint, List<Probe> probes) {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("empty body", "");
        raw.put("null", "null");
        raw.put("an array instead of an object", "[]");
        raw.put("an array of objects", "[{}]");
        raw.put("a string", "\"text\"");
        raw.put("a number", "42");
        raw.put("truncated JSON", "{\"a\":");
        raw.put("unclosed object", "{");
        raw.put("single quotes", "{'a':'b'}");
        raw.put("trailing garbage", "{}}");
        raw.put("trailing comma", "{\"a\":\"b\",}");
        raw.put("NaN", "{\"a\":NaN}");
        raw.put("comment", "/* x */ {}");
        raw.put("byte order mark", "\uFEFF{}");
        raw.put("deeply nested", "[".repeat(5000) + "]".repeat(5000));
        raw.put("XML", "<a>b</a>");
        raw.put("missing fields", "{}");
        for (Map.Entry<String, String> body : raw.entrySet()) {
            probes.add(probe(endpoint, "JSON: " + body.getKey(), json(endpoint, bytes(body.getValue())),
                    expectFor(endpoint), null));
        }
        String first = endpoint.fields().isEmpty() ? "lastName" : endpoint.fields().keySet().iterator().next();
        probes.add(probe(endpoint, "JSON: invalid UTF-8 in a string", json(endpoint,
                concat(bytes("{\"" + first + "\":\""), new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC3, 0x28},
                        bytes("\"}"))), expectFor(endpoint), null));
        probes.add(probe(endpoint, "JSON: duplicate keys", json(endpoint,
                bytes("{\"" + first + "\":\"a\",\"" + first + "\":\"b\"}")), expectFor(endpoint), null));
        String unexpected = endpoint.body() == Endpoint.Body.JSON ? "unexpectedField" : null;
        probes.add(probe(endpoint, "JSON: an unknown field", json(endpoint,
                bytes("{\"unexpectedField\":\"x\"}")), expectFor(endpoint), unexpected));
        Map<String, String> fields = endpoint.fields().isEmpty() ? Map.of("lastName", "string", "snils", "string")
                : endpoint.fields();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String name = field.getKey();
            Map<String, String> wrongTypes = new LinkedHashMap<>();
            wrongTypes.put("an array", "[\"x\"]");
            if (!field.getValue().equals("object")) {
                wrongTypes.put("an object", "{\"x\":1}");
            }
            if (field.getValue().equals("boolean")) {
                wrongTypes.put("a word for a boolean", "\"perhaps\"");
            }
            for (Map.Entry<String, String> wrong : wrongTypes.entrySet()) {
                probes.add(probe(endpoint, "JSON field " + name + ": " + wrong.getKey(),
                        json(endpoint, bytes("{\"" + name + "\":" + wrong.getValue() + "}")), expectFor(endpoint),
                        endpoint.body() == Endpoint.Body.JSON ? name : null));
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("null", "null");
            values.put("a huge number", "1e999999");
            values.put("script", quoted(SCRIPT));
            values.put("SQL", quoted(SQL));
            values.put("NUL character", "\"a\\u0000b\"");
            values.put("100 KB string", quoted(LONG));
            for (Map.Entry<String, String> value : sample(values, 3).entrySet()) {
                probes.add(probe(endpoint, "JSON field " + name + ": " + value.getKey(),
                        json(endpoint, bytes("{\"" + name + "\":" + value.getValue() + "}")), expectFor(endpoint),
                        null));
            }
        }
        byte[] huge = concat(bytes("{\"" + first + "\":\""), bytes("x".repeat(HUGE_BODY)), bytes("\"}"));
        probes.add(probe(endpoint, "JSON: 12 MB body", json(endpoint, huge), Expect.REFUSE, null));
        probes.add(probe(endpoint, "JSON: 12 MB body, chunked", json(endpoint, huge)
                .withHeader("Transfer-Encoding", "chunked"), Expect.REFUSE, null));
        Map<String, String> types = new LinkedHashMap<>();
        types.put("text/plain", "text/plain");
        types.put("form encoding", "application/x-www-form-urlencoded");
        types.put("XML", "application/xml");
        types.put("unknown charset", "application/json; charset=no-such-charset");
        types.put("UTF-16 declared", "application/json; charset=UTF-16");
        types.put("malformed media type", "application/");
        types.put("multipart without boundary", "multipart/form-data");
        otherContentTypes(endpoint, probes, json(endpoint, bytes("{}")), types);
    }

    /** The valid request's body sent as each of these types, and with no type at all. */
    private void otherContentTypes(Endpoint endpoint, List<Probe> probes, Draft valid, Map<String, String> types) {
        for (Map.Entry<String, String> type : types.entrySet()) {
            probes.add(probe(endpoint, "Content-Type: " + type.getKey(), valid.withBody(type.getValue(), valid.body()),
                    expectFor(endpoint), null));
        }
        probes.add(probe(endpoint, "no Content-Type", valid.withBody(null, valid.body()), expectFor(endpoint), null));
    }

    private Draft json(Endpoint endpoint, byte[] body) {
        return base(endpoint, safePath(endpoint)).withBody("application/json", body);
    }

    // ---- null in place of every value

    /**
     * A whole body as the endpoint's schema describes it, then the same body with {@code null} in
     * each place a value goes in turn (a field, an item of a list, an entry of a map, at any depth),
     * and with every field null at once. The values reach the endpoint's checks (a real project and
     * program, a role that takes projects, the family's form fields) but always leave something
     * invalid (empty strings, a project id that names nothing), so no probe can be accepted.
     */
    private void nullValues(Endpoint endpoint, List<Probe> probes) {
        if (endpoint.schema() == null) {
            return;
        }
        JsonNode whole = example(endpoint.schema(), null);
        for (JsonPointer place : places(whole, JsonPointer.empty())) {
            JsonNode body = whole.deepCopy();
            JsonNode parent = body.at(place.head());
            String last = place.last().getMatchingProperty();
            if (parent instanceof ObjectNode object) {
                object.putNull(last);
            } else if (parent instanceof ArrayNode array) {
                array.set(place.last().getMatchingIndex(), NullNode.getInstance());
            }
            probes.add(probe(endpoint, "JSON null at " + place, json(endpoint, bytes(body.toString())),
                    expectFor(endpoint), null));
        }
        if (whole instanceof ObjectNode object && object.size() > 1) {
            ObjectNode allNull = object.deepCopy();
            allNull.fieldNames().forEachRemaining(name -> allNull.putNull(name));
            probes.add(probe(endpoint, "JSON null in every field", json(endpoint, bytes(allNull.toString())),
                    expectFor(endpoint), null));
        }
    }

    /** A value of the schema's type; see {@link #nullValues} for the values chosen. */
    private JsonNode example(JsonNode schema, String name) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (schema.has("properties")) {
            ObjectNode object = nodes.objectNode();
            schema.get("properties").fields().forEachRemaining(property ->
                    object.set(property.getKey(), example(property.getValue(), property.getKey())));
            return object;
        }
        if (schema.has("additionalProperties")) {
            // Maps of this API hold form values: every field of the family's form.
            ObjectNode map = nodes.objectNode();
            fixtures.formFields().forEach(field -> map.set(field, example(schema.get("additionalProperties"), field)));
            return map;
        }
        return switch (schema.path("type").asText("object")) {
            case "array" -> nodes.arrayNode().add(example(schema.path("items"), null));
            case "integer", "number" -> nodes.numberNode(987_654_321L);
            case "boolean" -> nodes.booleanNode(true);
            case "string" -> nodes.textNode(name == null ? "" : switch (name) {
                case "project" -> fixtures.projectSlug();
                case "program" -> fixtures.programCode();
                case "familyId" -> fixtures.familyId();
                case "role" -> "PROJECT_ADMIN";
                default -> "";
            });
            default -> nodes.objectNode();
        };
    }

    /** Where a value sits in the body: each field of an object and each item of an array, at every depth. */
    private static List<JsonPointer> places(JsonNode node, JsonPointer at) {
        List<JsonPointer> places = new ArrayList<>();
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonPointer place = at.appendProperty(name);
                places.add(place);
                places.addAll(places(object.get(name), place));
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonPointer place = at.appendIndex(i);
                places.add(place);
                places.addAll(places(array.get(i), place));
            }
        }
        return places;
    }

    // ---- requests Jetty refuses before any route

    /**
     * Requests refused before they reach a route (an empty path segment, an encoded slash, invalid
     * UTF-8, a request line over 8 KB), asked for as a page and as JSON; and bodies that stop
     * arriving, which wait for the server's idle timeout.
     */
    List<Probe> serverWide() {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("an empty path segment", "//x");
        targets.put("an encoded slash", "/a%2Fb");
        targets.put("an overlong UTF-8 slash", "/%C0%AF");
        targets.put("a 9 KB URI", "/catalog?q=" + "q".repeat(9 * 1024));
        List<Probe> probes = new ArrayList<>();
        for (Map.Entry<String, String> target : targets.entrySet()) {
            for (boolean api : List.of(true, false)) {
                String accept = api ? "application/json" : "text/html,application/xhtml+xml";
                probes.add(new Probe("GET (refused by Jetty)", target.getKey() + ", Accept: " + accept, "GET",
                        target.getValue(), List.of(Map.entry("Accept", accept)), null, api, Expect.REFUSE, null));
            }
        }
        for (boolean api : List.of(true, false)) {
            String path = api ? "/api/auth/login" : "/login";
            String type = api ? "application/json" : "application/x-www-form-urlencoded";
            probes.add(new Probe("POST " + path, "a body that stops after 10 of its 1000 bytes", "POST", path,
                    List.of(Map.entry("Accept", api ? "application/json" : "text/html"), Map.entry("Content-Type", type),
                            Map.entry("Content-Length", "1000")), bytes(api ? "{\"email\":\"" : "email=a%40b"), api,
                    Expect.REFUSE, null));
        }
        return probes;
    }

    // ---- form bodies

    private void formBodies(Endpoint endpoint, List<Probe> probes) {
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("script", encode(SCRIPT));
        payloads.put("SQL", encode(SQL));
        payloads.put("100 KB", LONG);
        payloads.put("invalid UTF-8", "%FF%FE%C3%28");
        payloads.put("broken escape", "%zz");
        payloads.put("truncated escape", "%E0%A4%A");
        payloads.put("NUL", "a%00b");
        payloads.put("repeated", "a&%s=b");
        for (String field : endpoint.fields().keySet()) {
            for (Map.Entry<String, String> payload : sample(payloads, 5).entrySet()) {
                String value = payload.getValue().replace("%s", field);
                probes.add(probe(endpoint, "form field " + field + ": " + payload.getKey(),
                        form(endpoint, field + "=" + value, field), expectFor(endpoint), null));
            }
            probes.add(probe(endpoint, "form field " + field + ": raw invalid bytes",
                    formBytes(endpoint, concat(bytes(field + "="), new byte[] {(byte) 0xFF, (byte) 0xC0, 0x41}),
                            field), expectFor(endpoint), null));
        }
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("only the token", "");
        shapes.put("an unknown field", "unexpected=" + encode(SCRIPT));
        shapes.put("no equals signs", "abc&def");
        shapes.put("empty names", "=x&&=&");
        shapes.put("lone percent", "%");
        for (Map.Entry<String, String> shape : shapes.entrySet()) {
            probes.add(probe(endpoint, "form: " + shape.getKey(), form(endpoint, shape.getValue(), null),
                    expectFor(endpoint), null));
        }
        Draft valid = form(endpoint, "", null);
        Map<String, String> types = new LinkedHashMap<>();
        types.put("JSON", "application/json");
        types.put("text/plain", "text/plain");
        types.put("unknown charset", "application/x-www-form-urlencoded; charset=no-such-charset");
        types.put("malformed media type", "application/");
        types.put("multipart without boundary", "multipart/form-data");
        otherContentTypes(endpoint, probes, valid, types);
        String first = endpoint.fields().isEmpty() ? "x" : endpoint.fields().keySet().iterator().next();
        Draft huge = form(endpoint, first + "=" + "x".repeat(HUGE_BODY), first);
        probes.add(probe(endpoint, "form: 12 MB body", huge, Expect.REFUSE, null));
        probes.add(probe(endpoint, "form: 12 MB body, chunked", huge.withHeader("Transfer-Encoding", "chunked"),
                Expect.REFUSE, null));
    }

    /** A form post: the CSRF token (if the credentials carry one), the given fields and the anchor. */
    private Draft form(Endpoint endpoint, String fields, String replacedField) {
        return formBytes(endpoint, bytes(fields), replacedField);
    }

    private Draft formBytes(Endpoint endpoint, byte[] fields, String replacedField) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(fields);
        if (endpoint.anchor() != null && !endpoint.anchor().startsWith(replacedField + "=")) {
            body.writeBytes(bytes((fields.length == 0 ? "" : "&") + endpoint.anchor()));
        }
        return base(endpoint, safePath(endpoint)).withBody("application/x-www-form-urlencoded", body.toByteArray());
    }

    // ---- multipart and binary bodies

    private void multipartBodies(Endpoint endpoint, List<Probe> probes) {
        String boundary = "campaign" + random.nextInt(1_000_000);
        String type = "multipart/form-data; boundary=" + boundary;
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("garbage", randomBytes(2000));
        bodies.put("no parts", bytes("--" + boundary + "--\r\n"));
        bodies.put("a text file", part(boundary, "file", "notes.txt", "text/plain", bytes("just text")));
        bodies.put("an HTML file with a script", part(boundary, "file", "x.html", "text/html", bytes(SCRIPT)));
        bodies.put("an empty file", part(boundary, "file", "empty.pdf", "application/pdf", new byte[0]));
        bodies.put("a traversal file name", part(boundary, "file", "../../../etc/passwd", "application/pdf",
                bytes("root:x:0:0")));
        bodies.put("a file name with invalid UTF-8", concat(bytes("--" + boundary + "\r\nContent-Disposition: "
                + "form-data; name=\"file\"; filename=\""), new byte[] {(byte) 0xFF, (byte) 0xFE},
                bytes("\"\r\nContent-Type: application/pdf\r\n\r\nabc\r\n--" + boundary + "--\r\n")));
        bodies.put("a field instead of a file", part(boundary, "comment", null, null, bytes(SCRIPT)));
        bodies.put("a part without headers", bytes("--" + boundary + "\r\n\r\nabc\r\n--" + boundary + "--\r\n"));
        bodies.put("truncated", bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"a.pdf\"\r\n\r\n%PDF-1.4 trunc"));
        bodies.put("a fake PDF header only", part(boundary, "file", "a.pdf", "application/pdf", bytes("%PDF")));
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            probes.add(probe(endpoint, "multipart: " + body.getKey(),
                    base(endpoint, safePath(endpoint)).withBody(type, body.getValue()), expectFor(endpoint), null));
        }
        probes.add(probe(endpoint, "multipart without boundary", base(endpoint, safePath(endpoint))
                .withBody("multipart/form-data", bodies.get("a text file")), expectFor(endpoint), null));
        probes.add(probe(endpoint, "multipart with another boundary", base(endpoint, safePath(endpoint))
                .withBody("multipart/form-data; boundary=other", bodies.get("a text file")), expectFor(endpoint), null));
        probes.add(probe(endpoint, "Content-Type: form encoding", base(endpoint, safePath(endpoint))
                .withBody("application/x-www-form-urlencoded", bytes("file=abc")), expectFor(endpoint), null));
        byte[] huge = part(boundary, "file", "big.pdf", "application/pdf", concat(bytes("%PDF-1.4\n"),
                randomBytes(HUGE_BODY)));
        probes.add(probe(endpoint, "multipart: 12 MB file", base(endpoint, safePath(endpoint)).withBody(type, huge),
                Expect.REFUSE, null));
    }

    private static byte[] part(String boundary, String name, String fileName, String type, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
        return concat(bytes(head), content, bytes("\r\n--" + boundary + "--\r\n"));
    }

    private void binaryBodies(Endpoint endpoint, List<Probe> probes) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty", new byte[0]);
        bodies.put("garbage", randomBytes(5000));
        bodies.put("a broken ZIP", concat(new byte[] {'P', 'K', 3, 4}, randomBytes(500)));
        bodies.put("text", bytes(SCRIPT));
        Map<String, String> names = new LinkedHashMap<>();
        names.put("a plain name", "fileName=campaign.jar");
        names.put("no name", "");
        names.put("a traversal name", "fileName=..%2F..%2Fcampaign.jar");
        names.put("a script name", "fileName=" + encode(SCRIPT) + ".jar");
        names.put("a name of another type", "fileName=campaign.exe");
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            for (Map.Entry<String, String> name : names.entrySet()) {
                probes.add(probe(endpoint, "upload " + body.getKey() + " with " + name.getKey(),
                        base(endpoint, safePath(endpoint)).withQuery(name.getValue())
                                .withBody("application/java-archive", body.getValue()), Expect.REFUSE, null));
            }
        }
        probes.add(probe(endpoint, "upload as text/plain", base(endpoint, safePath(endpoint))
                .withQuery("fileName=campaign.jar").withBody("text/plain", bytes("x")), Expect.REFUSE, null));
        probes.add(probe(endpoint, "upload 12 MB of garbage", base(endpoint, safePath(endpoint))
                .withQuery("fileName=campaign.jar").withBody("application/java-archive", randomBytes(HUGE_BODY)),
                Expect.REFUSE, null));
    }

    // ---- headers

    private void headers(Endpoint endpoint, List<Probe> probes) {
        Map<String, Map.Entry<String, String>> odd = new LinkedHashMap<>();
        odd.put("malformed Accept-Language", Map.entry("Accept-Language", "xx;q=abc,,;q=,*;q=2"));
        odd.put("malformed Accept", Map.entry("Accept", "text/html;q=abc, /"));
        odd.put("language cookie with a script", Map.entry("Cookie", "matricula_lang=" + encode(SCRIPT)));
        odd.put("20 KB header", Map.entry("X-Filler", "f".repeat(20_000)));
        odd.put("forged request id", Map.entry("X-Request-Id", SCRIPT));
        for (Map.Entry<String, Map.Entry<String, String>> header : sample(odd, 2).entrySet()) {
            Draft draft = minimalBody(endpoint, base(endpoint, safePath(endpoint)));
            probes.add(probe(endpoint, "header: " + header.getKey(), draft.withHeader(header.getValue().getKey(),
                    header.getValue().getValue()), expectFor(endpoint), null));
        }
        probes.add(probe(endpoint, "method PATCH", base(endpoint, safePath(endpoint)).withMethod("PATCH"),
                Expect.REFUSE, null));
    }

    // ---- building requests

    /** What the answer to a probe may be. */
    enum Expect { REFUSE, NOT_SERVED, ANY }

    private static Expect expectFor(Endpoint endpoint) {
        return switch (endpoint.effect()) {
            case READ, HARMLESS -> Expect.ANY;
            case WRITE, DESTRUCTIVE -> Expect.REFUSE;
        };
    }

    private static Expect refuse(Endpoint endpoint) {
        return endpoint.effect() == Endpoint.Effect.HARMLESS ? Expect.ANY : Expect.REFUSE;
    }

    private Draft base(Endpoint endpoint, Map<String, String> path) {
        return new Draft(endpoint.method(), path, "", List.of(), null, null, Credentials.VALID);
    }

    /** The body a request of this endpoint has when the probe is not about the body. */
    private Draft minimalBody(Endpoint endpoint, Draft draft) {
        return switch (endpoint.body()) {
            case NONE -> draft;
            case JSON, JSON_MAP -> draft.withBody("application/json", bytes("{}"));
            case FORM -> draft.withBody("application/x-www-form-urlencoded",
                    bytes(endpoint.anchor() == null ? "" : endpoint.anchor()));
            case MULTIPART -> draft.withBody("multipart/form-data; boundary=b", bytes("--b--\r\n"));
            case BINARY -> draft.withBody("application/java-archive", new byte[0]);
        };
    }

    private Probe probe(Endpoint endpoint, String variant, Draft draft, Expect expect, String faultyField) {
        String path = endpoint.path();
        for (Map.Entry<String, String> param : draft.path().entrySet()) {
            path = path.replace("{" + param.getKey() + "}", param.getValue());
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Accept", endpoint.api() ? "application/json" : "text/html,application/xhtml+xml"));
        String query = draft.query();
        byte[] body = draft.body();
        List<String> cookies = new ArrayList<>();
        String csrf = null;
        Credentials mode = draft.credentials();
        switch (endpoint.auth()) {
            case PUBLIC -> {
                if (mode == Credentials.FORGED_SESSION) {
                    cookies.add(SESSION + "forged" + random.nextInt());
                } else if (mode == Credentials.GARBAGE_COOKIE) {
                    cookies.add(SESSION + encode(SCRIPT) + ";;==; =");
                }
            }
            case APPLICANT, ADMIN -> {
                boolean admin = endpoint.auth() == Endpoint.Auth.ADMIN && mode != Credentials.APPLICANT_ON_ADMIN;
                String cookie = admin ? fixtures.adminCookie() : fixtures.applicantCookie();
                switch (mode) {
                    case NO_SESSION -> cookie = null;
                    case FORGED_SESSION -> cookie = "forged-" + random.nextInt(1_000_000);
                    case GARBAGE_COOKIE -> cookie = "%FF\"" + encode(SCRIPT) + ";;==";
                    default -> { }
                }
                if (cookie != null) {
                    cookies.add(SESSION + cookie);
                }
                csrf = switch (mode) {
                    case NO_CSRF -> null;
                    case FORGED_CSRF -> "forged-" + random.nextInt(1_000_000);
                    default -> admin ? fixtures.adminCsrf() : fixtures.applicantCsrf();
                };
            }
            case ADMIN_TOKEN -> {
                switch (mode) {
                    case VALID -> headers.add(Map.entry("Authorization", "Bearer " + fixtures.adminToken()));
                    case WRONG_TOKEN -> headers.add(Map.entry("Authorization", "Bearer " + fixtures.adminToken() + "x"));
                    case BASIC_TOKEN -> headers.add(Map.entry("Authorization", "Basic " + fixtures.adminToken()));
                    case FORGED_SESSION -> cookies.add(SESSION + "forged-" + random.nextInt(1_000_000));
                    // A platform admin's session is let in; an applicant's is not.
                    case APPLICANT_ON_ADMIN -> cookies.add(SESSION + fixtures.applicantCookie());
                    default -> { }
                }
            }
            case ANONYMOUS_FORM -> {
                String token = "double-submit-" + random.nextInt(1_000_000);
                if (mode != Credentials.NO_CSRF) {
                    cookies.add("matricula_csrf=" + token);
                }
                csrf = mode == Credentials.VALID ? token : mode == Credentials.FORGED_CSRF ? "forged" : null;
            }
        }
        if (csrf != null) {
            if (endpoint.api()) {
                headers.add(Map.entry("X-CSRF-Token", csrf));
            } else if (endpoint.body() == Endpoint.Body.FORM && body != null) {
                body = concat(bytes("_csrf=" + csrf + (body.length == 0 ? "" : "&")), body);
            } else {
                query = "_csrf=" + csrf + (query.isEmpty() ? "" : "&" + query);
            }
        }
        if (!cookies.isEmpty()) {
            headers.add(Map.entry("Cookie", String.join("; ", cookies)));
        }
        if (draft.contentType() != null) {
            headers.add(Map.entry("Content-Type", draft.contentType()));
        }
        headers.addAll(draft.headers());
        String method = draft.method();
        if (body == null && !method.equals("GET")) {
            body = new byte[0];
        }
        return new Probe(endpoint.label(), variant, method, path + (query.isEmpty() ? "" : "?" + query), headers,
                body, endpoint.api(), expect, faultyField);
    }

    // ---- values

    private enum Kind { DECLARATION, DOCUMENT, PROJECT, PROGRAM, ACCOUNT, NAME }

    private static Kind kind(Endpoint endpoint, String name) {
        if (name.equals("documentId")) {
            return Kind.DOCUMENT;
        }
        if (name.equals("programId")) {
            return Kind.PROGRAM;
        }
        if (!name.equals("id")) {
            return Kind.NAME;
        }
        String path = endpoint.path();
        if (path.contains("/declarations/{id}")) {
            return Kind.DECLARATION;
        }
        if (path.contains("/projects/{id}")) {
            return Kind.PROJECT;
        }
        if (path.contains("/programs/{id}")) {
            return Kind.PROGRAM;
        }
        if (path.contains("/users/{id}")) {
            return Kind.ACCOUNT;
        }
        return Kind.NAME;
    }

    private Map<String, String> validPath(Endpoint endpoint) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : endpoint.pathParams()) {
            values.put(name, switch (kind(endpoint, name)) {
                case DECLARATION -> fixtures.ownDeclaration().toString();
                case DOCUMENT -> fixtures.ownDocument().toString();
                case PROJECT -> Long.toString(fixtures.projectId());
                case PROGRAM -> Long.toString(fixtures.programId());
                case ACCOUNT -> fixtures.applicantAccount().toString();
                case NAME -> name.equals("slug") ? fixtures.projectSlug()
                        : name.equals("list") ? "users"
                        : endpoint.path().startsWith("/assets") ? "matricula.css"
                        : endpoint.path().contains("plugins") ? fixtures.pluginId() : fixtures.familyId();
            });
        }
        return values;
    }

    /** Valid ids, except for a destructive route, where ids that name nothing keep every probe harmless. */
    private Map<String, String> safePath(Endpoint endpoint) {
        if (endpoint.effect() != Endpoint.Effect.DESTRUCTIVE) {
            return validPath(endpoint);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : endpoint.pathParams()) {
            values.put(name, switch (kind(endpoint, name)) {
                case DECLARATION -> endpoint.auth() == Endpoint.Auth.APPLICANT ? fixtures.otherDeclaration().toString()
                        : UUID.randomUUID().toString();
                case DOCUMENT, ACCOUNT -> UUID.randomUUID().toString();
                case PROJECT, PROGRAM -> "987654321";
                case NAME -> "no-such-plugin";
            });
        }
        return values;
    }

    /** Some of the entries, picked by the seeded random, so each run sends the same requests. */
    private <V> Map<String, V> sample(Map<String, V> all, int count) {
        List<String> keys = new ArrayList<>(all.keySet());
        java.util.Collections.shuffle(keys, random);
        Map<String, V> picked = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (keys.indexOf(key) < count) {
                picked.put(key, value);
            }
        });
        return picked;
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
