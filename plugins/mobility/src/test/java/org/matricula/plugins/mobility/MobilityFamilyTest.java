package org.matricula.plugins.mobility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.Submission;
import org.matricula.platform.testing.DeclarationPdfText;

class MobilityFamilyTest {

    private final MobilityFamily family = new MobilityFamily();

    static Map<String, String> student() {
        return new HashMap<>(Map.ofEntries(Map.entry("category", "own_student"),
                Map.entry("lastName", "Кузнецов"), Map.entry("firstName", "Дмитрий"),
                Map.entry("birthDate", "2004-11-30"), Map.entry("sex", "male"),
                Map.entry("email", "dk@example.org"), Map.entry("phone", "+79001234567"),
                Map.entry("university", "УрФУ"), Map.entry("institute", "ИнЭУ"), Map.entry("studyGroup", "ЭУ-220003"),
                Map.entry("studentId", "22001234"), Map.entry("yearOfStudy", "2"),
                Map.entry("studyFormat", "online"), Map.entry("personalDataConsent", "true")));
    }

    @Test
    void ownStudentWithoutPassportIsValid() {
        assertTrue(family.form().validate(student()).isValid(), () -> family.form().validate(student()).errors().toString());
        assertTrue(family.form().field("passportNumber").isEmpty(), "no passport asked");
    }

    @Test
    void onlyOwnStudentsMayApply() {
        Map<String, String> outsider = student();
        outsider.put("category", "other_student");
        assertTrue(family.form().validate(outsider).errorFor("category").isPresent());
    }

    @Test
    void instituteGroupAndStudentIdAreRequired() {
        for (String field : new String[] {"institute", "studyGroup", "studentId"}) {
            Map<String, String> values = student();
            values.remove(field);
            assertTrue(family.form().validate(values).errorFor(field).isPresent(), field);
        }
    }

    @Test
    void careerAdaptabilityRefusesFirstYearStudents() {
        CareerAdaptabilityEligibility filter = new CareerAdaptabilityEligibility();
        Map<String, String> firstYear = student();
        firstYear.put("yearOfStudy", "1");
        var refusal = filter.refuse(new Submission("mobility", "career-adaptability", firstYear, Locale.ENGLISH));
        assertTrue(refusal.isPresent());
        assertTrue(refusal.get().en().contains("second year"));
        assertFalse(filter.refuse(new Submission("mobility", "career-adaptability", student(), Locale.ENGLISH))
                .isPresent());
        assertFalse(filter.refuse(new Submission("mobility", "educational-foresight", firstYear, Locale.ENGLISH))
                .isPresent(), "other courses take first-year students");
        assertFalse(filter.appliesTo("growup"));
    }

    @Test
    void declarationPdfIsAddressedToTheInstitute() {
        String text = DeclarationPdfText.render(family, "Карьерная адаптивность", student());
        assertTrue(text.contains("Директору института ИнЭУ"), text);
        assertTrue(text.contains("Кузнецов Дмитрий"), text);
        assertTrue(text.contains("Карьерная адаптивность"), text);
        assertTrue(text.contains("22001234"), text);
        assertEquals(-1, text.indexOf("Паспорт"));
    }

    @Test
    void declarationPdfPrintsOptionLabelsAndDatesInTheDeclarationsLanguage() {
        String russian = DeclarationPdfText.render(family, "Карьерная адаптивность", student());
        assertTrue(russian.contains("Дистанционно"), russian);
        assertTrue(russian.contains("30.11.2004"), russian);
        assertFalse(russian.contains("online"), russian);

        String english = DeclarationPdfText.render(family, "Карьерная адаптивность", student(), Locale.ENGLISH);
        assertTrue(english.contains("Online"), english);
        assertTrue(english.contains("2004-11-30"), "the English date format: " + english);
    }
}
