package org.matricula.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.matricula.platform.errors.Problem;

/** Problems in JSON bodies are told by JSON path and expected JSON value, never by Java type. */
class JsonBodyProblemsTest {

    private static final ObjectMapper JSON = JsonMapper.create();
    private static final ObjectMapper REQUESTS = JsonMapper.forRequestBodies();
    private static final Pattern JAVA = Pattern.compile("java\\.|javax\\.|jakarta\\.|com\\.fasterxml|org\\.matricula"
            + "|\\$|`|Json(Token|ReadFeature|Parser)|StreamReadFeature|DeserializationFeature|of (int|long)\\b");

    enum Color { RED, GREEN }

    record Nested(String name, List<Long> ids) {
    }

    record Body(String role, List<Long> projects, int count, boolean active, UUID id, LocalDate day, Color color,
            Map<String, String> values, Nested nested, List<Nested> items) {
    }

    @Test
    void aValueOfTheWrongKindIsNamedByItsPathAndTheKindExpected() {
        assertField("{\"projects\":[1,\"x\"]}", "projects[1]", "Expected a whole number");
        assertField("{\"projects\":1}", "projects", "Expected an array");
        assertField("{\"role\":[\"x\"]}", "role", "Expected a string");
        assertField("{\"values\":{\"category\":{}}}", "values.category", "Expected a string");
        assertField("{\"values\":[]}", "values", "Expected an object");
        assertField("{\"nested\":{\"ids\":[true]}}", "nested.ids[0]", "Expected a whole number");
        assertField("{\"items\":[{\"name\":{}}]}", "items[0].name", "Expected a string");
        assertField("{\"active\":\"perhaps\"}", "active", "Expected true or false");
        assertField("{\"id\":\"not-a-uuid\"}", "id", "Expected an id such as 123e4567-e89b-12d3-a456-426614174000");
        assertField("{\"day\":\"yesterday\"}", "day", "Expected a date such as 2025-09-01");
        assertField("{\"color\":\"BLUE\"}", "color", "Expected one of RED, GREEN");
        assertField("[]", "body", "Expected an object");
        assertField("\"text\"", "body", "Expected an object");
    }

    @Test
    void nullWhereOnlyANumberWillDoAndNumbersOutOfRangeSayWhatIsAccepted() {
        assertField("{\"count\":null}", "count", "Expected a whole number, not null");
        assertField("{\"count\":99999999999999999999}", "count",
                "Expected a whole number from -2147483648 to 2147483647");
        assertField("{\"projects\":[99999999999999999999999]}", "projects[0]",
                "Expected a whole number from -9223372036854775808 to 9223372036854775807");
    }

    @Test
    void textThatCannotBeStoredIsNamedByItsField() {
        String unstorable = "Contains a character that cannot be stored, such as NUL (\\u0000) or another control character";
        assertStorableField("{\"role\":\"a\\u0000b\"}", "role", unstorable);
        assertStorableField("{\"values\":{\"motivation\":\"x\\u0007\"}}", "values.motivation", unstorable);
        assertStorableField("{\"items\":[{\"name\":\"\\uFFFF\"}]}", "items[0].name", unstorable);
        assertStorableField("{\"nested\":{\"name\":\"\\uD83D lone\"}}", "nested.name", unstorable);
        assertStorableField("{\"values\":{\"a\\u0000\":\"x\"}}", "values", unstorable);
    }

    @Test
    void everyOtherTextIsReadAsSent() throws JsonProcessingException {
        String text = "Анна 😀 שלום \t\n\r é ㄱ \u00a0";
        Body body = REQUESTS.readValue("{\"role\":\"Анна \\uD83D\\uDE00 שלום \\t\\n\\r é ㄱ \\u00a0\","
                + "\"count\":0,\"active\":false,\"values\":{\"emoji\":\"😀\"},\"items\":[{\"name\":\"😀\"}]}", Body.class);
        assertEquals("Анна 😀 שלום \t\n\r é ㄱ \u00a0", body.role());
        assertEquals(Map.of("emoji", "😀"), body.values());
        assertEquals("😀", body.items().get(0).name());
        assertFalse(org.matricula.platform.web.ForbiddenCharacters.in(text));
    }

    private static void assertStorableField(String body, String field, String message) {
        try {
            REQUESTS.readValue(body, Body.class);
        } catch (JsonProcessingException e) {
            JsonBodyProblems.Described problem = JsonBodyProblems.of(e, Locale.ENGLISH);
            assertEquals(List.of(new Problem.FieldProblem(field, message)), problem.errors(), body);
            assertNoJava(problem);
            return;
        }
        throw new AssertionError("read without complaint: " + body);
    }

    @Test
    void anUnknownFieldListsTheKnownOnes() {
        JsonBodyProblems.Described problem = problemOf("{\"items\":[{\"name\":\"x\",\"colour\":1}]}", Body.class);
        assertEquals(List.of(new Problem.FieldProblem("items[0].colour", "Unknown field; known fields: ids, name")),
                problem.errors());
    }

    @Test
    void brokenJsonIsToldWithItsPlaceAndNoSettingsOrSourceNames() {
        for (String broken : List.of("{", "{\"a\":", "{'a':1}", "{\"a\":NaN}", "/* x */ {}", "{\"a\":\"b\",}",
                "<a>b</a>", "{\"role\":\"a\",\"role\":\"b\"}", "[".repeat(5000) + "]".repeat(5000),
                "{\"role\":\"a\u0001\"}")) {
            JsonBodyProblems.Described problem = problemOf(broken, Object.class);
            assertTrue(problem.detail().startsWith("The body is not"), problem.detail());
            assertNoJava(problem);
        }
        JsonBodyProblems.Described quotes = problemOf("{\n 'a':1}", Body.class);
        assertTrue(quotes.detail().contains("(line 2, column 2)"), quotes.detail());
        assertTrue(quotes.detail().contains("was expecting double-quote to start field name"), quotes.detail());
        assertTrue(problemOf("{\"a\":NaN}", Body.class).detail().endsWith("Non-standard token 'NaN'"));
    }

    @Test
    void parserReasonsKeepNothingThatNamesJava() {
        assertEquals("Cannot map", JsonBodyProblems.parserReason("Cannot map `java.lang.String` here"));
        assertEquals("", JsonBodyProblems.parserReason("Failed for org.matricula.platform.X"));
        assertEquals("Unexpected end-of-input: expected close marker for Object", JsonBodyProblems.parserReason(
                "Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED "
                        + "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])"));
    }

    private static void assertField(String body, String field, String message) {
        JsonBodyProblems.Described problem = problemOf(body, Body.class);
        assertEquals(List.of(new Problem.FieldProblem(field, message)), problem.errors(), body);
        String where = field.equals("body") ? "The body: " : "Field '" + field + "': ";
        assertEquals(where + Character.toLowerCase(message.charAt(0)) + message.substring(1), problem.detail());
        assertNoJava(problem);
    }

    private static void assertNoJava(JsonBodyProblems.Described problem) {
        assertFalse(JAVA.matcher(problem.detail()).find(), problem.detail());
        problem.errors().forEach(error -> assertFalse(JAVA.matcher(error.message()).find(), error.message()));
    }

    private static JsonBodyProblems.Described problemOf(String body, Class<?> type) {
        try {
            JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            return JsonBodyProblems.of(e, Locale.ENGLISH);
        }
        throw new AssertionError("read without complaint: " + body);
    }
}
