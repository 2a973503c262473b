package org.matricula.platform.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.platform.testing.PlatformExtension;
import org.matricula.platform.testing.TestSessions;

/**
 * Dates the database cannot keep (or keeps as infinity) are refused by their field wherever the
 * CRM takes a date or a time: a task's due date, a campaign's send time, a scenario's wait.
 */
class FarDatesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PlatformExtension server = PlatformExtension.start(Map.of());
    static TestSessions.Session admin;

    @BeforeAll
    static void start() {
        admin = TestSessions.admin(server);
    }

    @Test
    void aTaskDueFarAwayIsRefusedByItsField() throws Exception {
        UUID person = server.platform().database().jdbi().withHandle(h -> h.createQuery("INSERT INTO persons"
                + " (first_name, full_name, email) VALUES ('Ada', 'Ada', :email) RETURNING id")
                .bind("email", "ada-" + UUID.randomUUID() + "@example.org").mapTo(UUID.class).one());
        for (String due : List.of("+999999999-12-31", "-5000-01-01", "0001-01-01")) {
            HttpResponse<String> refused = post("/api/v1/crm/persons/" + person + "/tasks?lang=en",
                    Map.of("title", "Call", "due", due));
            assertField(refused, "due");
        }
    }

    @Test
    void aCampaignSentFarAwayIsRefusedByItsField() throws Exception {
        long segment = JSON.readTree(post("/api/v1/crm/segments", Map.of("name", "Far", "filter",
                Map.of("tags", List.of("far")))).body()).path("id").asLong();
        for (String sendAt : List.of("+999999999-12-31T00:00", "-5000-01-01T00:00")) {
            HttpResponse<String> refused = post("/api/v1/crm/campaigns?lang=en", Map.of("name", "Far",
                    "segment", Long.toString(segment), "subjectRu", "Тема", "bodyRu", "Текст", "subjectEn", "Subject",
                    "bodyEn", "Text", "sendAt", sendAt, "ratePerMinute", "60"));
            assertField(refused, "sendAt");
        }
    }

    @Test
    void aScenarioWaitingUntilFarAwayIsRefusedByItsField() throws Exception {
        HttpResponse<String> refused = post("/api/v1/crm/scenarios?lang=en", Map.of("name", "Far", "trigger",
                Map.of("type", "MANUAL"), "steps", List.of(Map.of("type", "WAIT", "until", "+999999999-12-31"))));
        assertField(refused, "steps[0].until");
    }

    private static void assertField(HttpResponse<String> response, String field) throws Exception {
        assertEquals(422, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).path("errors").findValuesAsText("field").contains(field),
                response.body());
    }

    private static HttpResponse<String> post(String path, Map<String, Object> body) throws Exception {
        return server.send(admin.json(path).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }
}
