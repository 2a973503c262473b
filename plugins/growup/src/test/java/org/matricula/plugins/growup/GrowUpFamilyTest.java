package org.matricula.plugins.growup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.matricula.api.event.StatusChanged;
import org.matricula.api.form.ValidationResult;
import org.matricula.platform.testing.DeclarationPdfText;
import org.matricula.platform.testing.TestPluginContext;

class GrowUpFamilyTest {

    private static final String MOTIVATION = "Хочу научиться запускать цифровые продукты: "
            + "уже веду небольшой проект в своём городе и вижу, что мне не хватает системных знаний.";

    private final GrowUpFamily family = new GrowUpFamily();

    static Map<String, String> applicant() {
        return new HashMap<>(Map.of("category", "other", "lastName", "Orlov", "firstName", "Ilya",
                "birthDate", "1995-02-01", "sex", "male", "email", "ilya@example.org", "phone", "89123456789",
                "motivation", MOTIVATION, "personalDataConsent", "true"));
    }

    @Test
    void openToEveryCategory() {
        for (String category : new String[] {"own_student", "other_student", "other"}) {
            Map<String, String> values = applicant();
            values.put("category", category);
            ValidationResult result = family.form().validate(values);
            assertTrue(result.isValid(), category + ": " + result.errors());
        }
    }

    @Test
    void employeesNameTheirEmployer() {
        Map<String, String> employee = applicant();
        employee.put("category", "external_employee");
        assertTrue(family.form().validate(employee).errorFor("organization").isPresent());
        employee.putAll(Map.of("organization", "ООО «Ромашка»", "position", "Маркетолог"));
        assertTrue(family.form().validate(employee).isValid());
    }

    @Test
    void motivationLengthIsBounded() {
        Map<String, String> values = applicant();
        values.put("motivation", "Хочу учиться.");
        var tooShort = family.form().validate(values).errorFor("motivation");
        assertTrue(tooShort.isPresent());
        assertTrue(tooShort.get().message().ru().contains(Integer.toString(GrowUpFamily.MOTIVATION_MIN)),
                tooShort.get().message().ru());
        values.put("motivation", "а".repeat(GrowUpFamily.MOTIVATION_MAX + 1));
        assertTrue(family.form().validate(values).errorFor("motivation").isPresent());
        values.put("motivation", "а".repeat(GrowUpFamily.MOTIVATION_MAX));
        assertFalse(family.form().validate(values).errorFor("motivation").isPresent());
    }

    @Test
    void welcomeLetterOnEnrolmentOnly() {
        TestPluginContext context = new TestPluginContext("growup", Map.of("chat-url", "https://t.me/growup_pm"));
        WelcomeLetter letter = new WelcomeLetter(context);
        letter.onStatusChanged(event("ACCEPTED"));
        assertEquals(0, context.mails().size());
        letter.onStatusChanged(event("ENROLLED"));
        assertEquals(1, context.mails().size());
        assertEquals("ilya@example.org", context.mails().get(0).to());
        assertTrue(context.mails().get(0).body().contains("https://t.me/growup_pm"));
    }

    @Test
    void declarationPdfShowsMotivation() {
        Map<String, String> values = applicant();
        values.putAll(Map.of("category", "own_employee", "organization", "УрФУ", "position", "Методист"));
        String text = DeclarationPdfText.render(family, "Продакт-менеджер в Digital", values);
        assertTrue(text.contains("GrowUp!"), text);
        assertTrue(text.contains("Продакт-менеджер в Digital"), text);
        assertTrue(text.contains("Orlov Ilya"), text);
        assertTrue(text.contains("системных знаний"), text);
        assertTrue(text.contains("УрФУ, Методист"), text);
    }

    private static StatusChanged event(String to) {
        return new StatusChanged(UUID.randomUUID(), UUID.randomUUID(), "growup", "GU-000007", "product-manager",
                "ilya@example.org", "SUBMITTED", to, "", Instant.now());
    }
}
