package org.matricula.api.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Section;
import org.matricula.api.form.ValidationResult;

class BlocksTest {

    private static final List<Section> ALL = List.of(Blocks.applicantCategory(), Blocks.personalData(),
            Blocks.contacts(), Blocks.education(), Blocks.employment(), Blocks.identityDocument(), Blocks.snils(),
            Blocks.inn(), Blocks.studentOfUniversity(), Blocks.consent());

    private static final Map<String, String> GOOD = Map.ofEntries(
            Map.entry("category", "external_employee"), Map.entry("lastName", "Иванов"), Map.entry("firstName", "Пётр"),
            Map.entry("birthDate", "1990-05-05"), Map.entry("sex", "male"), Map.entry("email", "p@example.ru"),
            Map.entry("phone", "+7 (343) 375-44-44"), Map.entry("educationLevel", "master"),
            Map.entry("institution", "УрФУ"), Map.entry("specialty", "Прикладная информатика"),
            Map.entry("graduationYear", "2013"), Map.entry("organization", "ПАО «Завод»"),
            Map.entry("position", "Инженер"), Map.entry("passportSeries", "65 12"),
            Map.entry("passportNumber", "345678"), Map.entry("passportIssuedBy", "ОВД"),
            Map.entry("passportIssuedOn", "2010-06-01"), Map.entry("snils", "112-233-445 95"),
            Map.entry("inn", "500100732259"), Map.entry("university", "УрФУ"), Map.entry("institute", "ИРИТ-РТФ"),
            Map.entry("studyGroup", "РИ-100001"), Map.entry("studentId", "10001234"), Map.entry("yearOfStudy", "2"),
            Map.entry("personalDataConsent", "true"));

    @Test
    void allBlocksComposeIntoOneFormAndAcceptGoodData() {
        FormModel form = FormModel.of(ALL.toArray(Section[]::new));
        ValidationResult result = form.validate(GOOD);
        assertTrue(result.isValid(), result.toString());
    }

    @Test
    void everyFieldIsLabelledInBothLanguages() {
        for (Section section : ALL) {
            assertFalse(section.title().ru().isBlank());
            assertFalse(section.title().en().isBlank());
            for (Field field : section.fields()) {
                assertNotEquals(field.name(), field.label().ru(), "Russian label for " + field.name());
                assertNotEquals(field.name(), field.label().en(), "English label for " + field.name());
            }
        }
    }

    @Test
    void eachBlockRefusesItsBadValues() {
        FormModel form = FormModel.of(ALL.toArray(Section[]::new));
        Map<String, String> bad = Map.of("lastName", "Ivanов", "birthDate", "1890-01-01", "phone", "12345",
                "graduationYear", "1900", "passportNumber", "12", "passportIssuedOn", "2999-01-01",
                "snils", "112-233-445 96", "inn", "1234567890", "studentId", "#!", "yearOfStudy", "9");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            Map<String, String> values = new HashMap<>(GOOD);
            values.put(entry.getKey(), entry.getValue());
            assertTrue(form.validate(values).errorFor(entry.getKey()).isPresent(),
                    entry.getKey() + "=" + entry.getValue() + " accepted");
        }
    }

    @Test
    void theYearOfStudyIsAWholeNumber() {
        FormModel form = FormModel.of(ALL.toArray(Section[]::new));
        Map<String, String> values = new HashMap<>(GOOD);
        values.put("yearOfStudy", "2.5");
        assertEquals("Year of study: enter a whole number",
                form.validate(values).errorFor("yearOfStudy").orElseThrow().message().en());
        values.put("yearOfStudy", "2");
        assertTrue(form.validate(values).errorFor("yearOfStudy").isEmpty());
    }

    @Test
    void snilsAndInnAreOptionalUntilAPluginRequiresThem() {
        assertFalse(Blocks.snils().fields().get(0).isRequired());
        assertTrue(Blocks.snils().required().fields().get(0).isRequired());
        assertFalse(Blocks.inn().fields().get(0).isRequired());
    }

    @Test
    void categoryBlockOffersOnlyWhatThePluginAllows() {
        Section ownStudents = Blocks.applicantCategory(ApplicantCategory.OWN_STUDENT);
        assertEquals(List.of("own_student"),
                ownStudents.fields().get(0).options().stream().map(o -> o.value()).toList());
        assertEquals(5, Blocks.applicantCategory().fields().get(0).options().size());
    }

    @Test
    void categoryConditionsAndKinds() {
        assertTrue(ApplicantCategory.is(ApplicantCategory.OWN_EMPLOYEE).test(Map.of("category", "own_employee")));
        assertFalse(ApplicantCategory.is(ApplicantCategory.OWN_EMPLOYEE).test(Map.of("category", "other")));
        assertTrue(ApplicantCategory.OTHER_STUDENT.isStudent());
        assertTrue(ApplicantCategory.EXTERNAL_EMPLOYEE.isEmployee());
        assertFalse(ApplicantCategory.OTHER.isStudent() || ApplicantCategory.OTHER.isEmployee());
        assertEquals("Студент другого вуза", ApplicantCategory.OTHER_STUDENT.label().ru());
    }

    @Test
    void blockDataIsProfileData() {
        FormModel form = FormModel.of(Blocks.personalData(), Blocks.contacts(), Blocks.consent());
        Map<String, String> prefill = form.prefill(GOOD);
        assertEquals("Иванов", prefill.get("lastName"));
        assertEquals("p@example.ru", prefill.get("email"));
        assertFalse(prefill.containsKey("personalDataConsent"), "consent is given anew every time");
    }
}
