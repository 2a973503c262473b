package org.matricula.platform.crm.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Periods, schedules, which timeline entries fire which triggers, and the webhook's signature. */
class AutomationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void periodsAndDates() {
        assertEquals(Optional.of(Duration.ofMinutes(30)), ScenarioFile.period("30m"));
        assertEquals(Optional.of(Duration.ofDays(3)), ScenarioFile.period(" 3d "));
        assertEquals(Optional.of(Duration.ofHours(12)), ScenarioFile.period("PT12H"));
        assertEquals(Optional.empty(), ScenarioFile.period("soon"));
        assertEquals(Optional.empty(), ScenarioFile.period("-PT1H"));
        assertEquals(Optional.empty(), ScenarioFile.period("99999d"));
        assertEquals(Optional.of(LocalDateTime.parse("2026-12-31T00:00")), ScenarioFile.until("2026-12-31"));
        assertEquals(Optional.of(LocalDateTime.parse("2026-12-31T10:00")), ScenarioFile.until("2026-12-31T10:00"));
        assertEquals(Optional.empty(), ScenarioFile.until("31.12.2026"));
    }

    @Test
    void aScheduleIsDueOnItsDaysAtItsTime() {
        ZoneId moscow = ZoneId.of("Europe/Moscow");
        Instant noon = LocalDateTime.parse("2026-12-02T12:00").atZone(moscow).toInstant();
        assertEquals(LocalDateTime.parse("2026-12-02T09:00").atZone(moscow).toInstant(),
                Triggers.latestDue(noon, moscow, 1, LocalTime.of(9, 0)));
        assertEquals(LocalDateTime.parse("2026-12-01T18:30").atZone(moscow).toInstant(),
                Triggers.latestDue(noon, moscow, 1, LocalTime.of(18, 30)));
        Instant everyThird = Triggers.latestDue(noon, moscow, 3, LocalTime.of(9, 0));
        assertEquals(0, everyThird.atZone(moscow).toLocalDate().toEpochDay() % 3);
        assertFalse(everyThird.isAfter(noon));
        assertTrue(everyThird.isAfter(noon.minus(Duration.ofDays(3))));
    }

    @Test
    void timelineEntriesMatchTheirTriggers() throws Exception {
        Definition.Trigger accepted = new Definition.Trigger("STATUS_CHANGED", "ACCEPTED", null, null, null, null);
        Definition.Trigger anyStatus = new Definition.Trigger("STATUS_CHANGED", "", null, null, null, null);
        Definition.Trigger paid = new Definition.Trigger("PAYMENT_RECEIVED", null, null, null, null, null);
        Definition.Trigger alumni = new Definition.Trigger("STAGE_ENTERED", null, "alumnus", null, null, null);
        Definition.Trigger stuck = new Definition.Trigger("STUCK", null, null, null, null, null);
        assertTrue(Triggers.matches(accepted, "STATUS", JSON.readTree("{\"to\":\"ACCEPTED\"}")));
        assertFalse(Triggers.matches(accepted, "STATUS", JSON.readTree("{\"to\":\"REJECTED\"}")));
        assertTrue(Triggers.matches(anyStatus, "STATUS", JSON.readTree("{\"to\":\"REJECTED\"}")));
        assertTrue(Triggers.matches(paid, "PAYMENT", JSON.readTree("{\"kind\":\"PAYMENT\"}")));
        assertFalse(Triggers.matches(paid, "PAYMENT", JSON.readTree("{\"kind\":\"REFUND\"}")));
        assertTrue(Triggers.matches(alumni, "STAGE", JSON.readTree("{\"to\":\"alumnus\"}")));
        assertFalse(Triggers.matches(alumni, "STAGE", JSON.readTree("{\"to\":\"student\"}")));
        assertTrue(Triggers.matches(stuck, "STUCK", JSON.readTree("{\"reason\":\"silent\"}")));
        assertFalse(Triggers.matches(stuck, "STATUS", JSON.readTree("{}")));
    }

    @Test
    void theSignatureIsTheBodysHmacSha256() throws Exception {
        // RFC 4231 test case 2
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                StepRunner.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void formFieldsAreNamedAsProblemsNameThem() {
        assertEquals("in-step2-url", ScenarioForm.anchor("steps[2].url"));
        assertEquals("in-step0-type", ScenarioForm.anchor("steps[0]"));
        assertEquals("in-triggerStage", ScenarioForm.anchor("trigger.stage"));
        assertEquals("in-conditionSegment", ScenarioForm.anchor("condition.segment"));
        assertEquals("in-conditionStage", ScenarioForm.anchor("condition.filter.stage"));
        assertEquals("in-conditionFilter", ScenarioForm.anchor("condition.filter.balanceBelow"));
        assertEquals("in-name", ScenarioForm.anchor("name"));
    }

    @Test
    void theFormsConditionFilterKeepsTheHiddenPartsAndTakesTheShownOnes() {
        assertEquals("{\"balanceBelow\":\"0\",\"stages\":[\"student\",\"alumnus\"],\"tags\":[\"a\",\"b\"],"
                + "\"consent\":\"NONE\"}", ScenarioForm.conditionFilter(Map.of("conditionFilter",
                        List.of("{\"balanceBelow\":\"0\",\"tags\":[\"old\"],\"consent\":\"GRANTED\"}"),
                        "conditionStage", List.of("student", "", "alumnus"), "conditionTags", List.of(" a, ,b "),
                        "conditionConsent", List.of("NONE"))).toString());
        assertEquals("{}", ScenarioForm.conditionFilter(Map.of("conditionFilter", List.of("not json"))).toString(),
                "nothing given, nothing kept: no filter");
    }
}
