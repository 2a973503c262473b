package org.example.matricula.evening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.matricula.testkit.PluginTestKit;

/** The evening school in a real platform, through the test kit: form, rules, declaration, PDF, events, routes. */
class EveningSchoolPluginTest {

    @RegisterExtension
    static final PluginTestKit kit = PluginTestKit.plugin("evening-school", "1.0.0", EveningSchoolPlugin.class)
            .requires(">=1.2.0 & <2.0.0");

    @Test
    void formShowsOurFieldsInBothLanguages() {
        assertTrue(kit.formHtml().contains("Часов в неделю"));
        assertTrue(kit.formHtml("en").contains("Hours a week"));
        assertEquals("evening-school", kit.formJson().path("id").asText());
    }

    @Test
    void ourRulesRefuseBesideTheField() {
        Map<String, String> values = good();
        values.put("position", values.get("organization"));
        assertTrue(kit.validate(values).containsKey("position"));

        values.put("weeklyHours", "40");
        PluginTestKit.Submitted refused = kit.submit(values);
        assertFalse(refused.accepted());
        assertTrue(refused.fieldErrors().contains("weeklyHours"), refused.fieldErrors()::toString);
    }

    @Test
    void declarationIsStoredPrintedAndHeardOf() {
        PluginTestKit.Submitted declaration = kit.submit(good());
        assertTrue(declaration.accepted(), declaration::body);

        String pdf = kit.pdfText(declaration);
        assertTrue(pdf.contains("Заявление № " + declaration.number()), pdf);
        assertTrue(pdf.contains("Иванова Мария"), pdf);
        assertTrue(pdf.contains("Женский"), "the option's label, not its code: " + pdf);
        assertTrue(pdf.contains("17.05.1990"), pdf);

        kit.changeStatus(declaration, "ACCEPTED");
        List<PluginTestKit.Event> events = kit.awaitEvents(2).stream()
                .filter(event -> declaration.number().equals(event.number())).toList();
        assertEquals(List.of("submitted", "statusChanged"), events.stream().map(PluginTestKit.Event::type).toList());
        assertEquals("ACCEPTED", events.get(1).status());
    }

    @Test
    void ourRoutesServeWithTheAccessTheyDeclare() {
        assertTrue(kit.get("/plugins/evening-school/weekdays").body().contains("wednesday"));
        assertEquals(403, kit.signUp().get("/plugins/evening-school/admin").statusCode());
        String page = kit.admin().get("/plugins/evening-school/admin").body();
        assertTrue(page.contains("/plugins/evening-school/assets/1.0.0/schedule.css"), page);
        assertTrue(kit.get("/plugins/evening-school/assets/1.0.0/schedule.css").body().contains(".weekdays"));
    }

    private static Map<String, String> good() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("lastName", "Иванова");
        values.put("firstName", "Мария");
        values.put("birthDate", "1990-05-17");
        values.put("sex", "female");
        values.put("email", "maria@example.org");
        values.put("phone", "+7 912 345-67-89");
        values.put("organization", "Ромашка");
        values.put("position", "Бухгалтер");
        values.put("weeklyHours", "6");
        values.put("personalDataConsent", "true");
        return values;
    }
}
