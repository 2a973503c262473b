package org.matricula.plugins.digitalchairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.Submission;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.ValidationResult;
import org.matricula.platform.testing.DeclarationPdfText;

class DigitalChairsFamilyTest {

    private final DigitalChairsFamily family = new DigitalChairsFamily();

    static Map<String, String> student() {
        Map<String, String> values = new HashMap<>(Map.ofEntries(
                Map.entry("category", "own_student"),
                Map.entry("lastName", "Смирнова"), Map.entry("firstName", "Анна"), Map.entry("middleName", "Петровна"),
                Map.entry("birthDate", "2003-04-12"), Map.entry("sex", "female"),
                Map.entry("email", "anna@example.org"), Map.entry("phone", "+7 912 345-67-89"),
                Map.entry("university", "УрФУ"), Map.entry("institute", "ИРИТ-РТФ"), Map.entry("studyGroup", "РИ-210001"),
                Map.entry("studentId", "09876543"), Map.entry("yearOfStudy", "3"),
                Map.entry("passportSeries", "6512"), Map.entry("passportNumber", "345678"),
                Map.entry("passportIssuedBy", "ГУ МВД России по Свердловской области"),
                Map.entry("passportIssuedOn", "2023-05-10"),
                Map.entry("snils", "112-233-445 95"), Map.entry("itExperience", "under1"),
                Map.entry("languages", "python,sql"), Map.entry("personalDataConsent", "true")));
        return values;
    }

    @Test
    void studentDeclarationIsValid() {
        ValidationResult result = family.form().validate(student());
        assertTrue(result.isValid(), () -> result.errors().toString());
        assertEquals(List.of(), family.validate(submission(student())));
    }

    @Test
    void snilsIsRequiredAndChecksummed() {
        Map<String, String> values = student();
        values.remove("snils");
        assertTrue(family.form().validate(values).errorFor("snils").isPresent());
        values.put("snils", "112-233-445 96");
        assertTrue(family.form().validate(values).errorFor("snils").isPresent(), "bad checksum refused");
    }

    @Test
    void studentBlockShowsForStudentsEducationAndEmploymentForEmployees() {
        Map<String, String> employee = student();
        employee.put("category", "external_employee");
        ValidationResult missing = family.form().validate(employee);
        assertTrue(missing.errorFor("organization").isPresent(), "employment required for employees");
        assertTrue(missing.errorFor("institution").isPresent(), "education required for employees");
        assertFalse(missing.errorFor("studentId").isPresent(), "student block hidden for employees");
        assertFalse(family.form().visibleValues(employee).containsKey("studentId"), "hidden data is not stored");

        ValidationResult studentResult = family.form().validate(student());
        assertFalse(studentResult.errorFor("organization").isPresent(), "employment hidden for students");
    }

    @Test
    void employeesNeedHigherEducation() {
        Map<String, String> employee = student();
        employee.putAll(Map.of("category", "own_employee", "educationLevel", "secondary_vocational",
                "institution", "Колледж связи", "specialty", "Радиотехника", "graduationYear", "2015",
                "organization", "УрФУ", "position", "Инженер"));
        assertTrue(family.form().validate(employee).isValid(), () -> family.form().validate(employee).errors().toString());
        List<FieldError> errors = family.validate(submission(employee));
        assertEquals("educationLevel", errors.get(0).field());
        assertTrue(errors.get(0).message().en().contains("higher-education"));

        employee.put("educationLevel", "master");
        assertEquals(List.of(), family.validate(submission(employee)));
    }

    @Test
    void otherCategoriesAreNotOffered() {
        Map<String, String> other = student();
        other.put("category", "other");
        assertTrue(family.form().validate(other).errorFor("category").isPresent());
    }

    @Test
    void declarationPdfCarriesTheApplicantInCyrillic() {
        String text = DeclarationPdfText.render(family, "Python-разработчик приложений", family.form().visibleValues(student()));
        assertTrue(text.contains("ЗАЯВЛЕНИЕ № DC-000042"), text);
        assertTrue(text.contains("Смирнова Анна Петровна"), text);
        assertTrue(text.contains("Python-разработчик приложений"), text);
        assertTrue(text.contains("112-233-445 95"), text);
        assertTrue(text.contains("РИ-210001"), text);
        assertTrue(text.contains("Меньше года") && !text.contains("under1"), "the option's label, not its code: " + text);
        assertTrue(text.contains("12.04.2003"), "the date as Russian writes it: " + text);
    }

    @Test
    void declarationToAnotherProjectNamesThatProjectWithLabelsAndWholeDates() {
        Map<String, String> employee = student();
        employee.putAll(Map.of("category", "external_employee", "educationLevel", "master",
                "institution", "УрФУ", "specialty", "Прикладная информатика", "graduationYear", "2015",
                "organization", "Уралмаш", "position", "Инженер", "itExperience", "1to3"));
        String text = DeclarationPdfText.text(DeclarationPdfText.pdf(family, "Цифровой регион 2027",
                "Python-разработчик приложений", family.form().visibleValues(employee), Locale.forLanguageTag("ru")));
        String oneLine = text.replaceAll("\\s+", " ");
        assertTrue(oneLine.contains("Руководителю проекта «Цифровой регион 2027»"), text);
        assertTrue(oneLine.contains("проекта «Цифровой регион 2027»."), text);
        assertFalse(text.contains("Цифровые кафедры"), "the project applied to, not the family: " + text);
        assertTrue(text.contains("Сотрудник другой организации"), "the applicant category's label: " + text);
        assertTrue(text.contains("Магистратура"), "the education level's label: " + text);
        assertTrue(text.contains("От года до трёх лет"), text);
        assertTrue(text.contains("Python, SQL"), "the languages' labels: " + text);
        for (String code : List.of("external_employee", "master", "1to3", "2003-04-12", "2023-05-10", "python,sql")) {
            assertFalse(text.contains(code), "no stored code " + code + " in: " + text);
        }
        for (String date : List.of("12.04.2003", "10.05.2023", "01.09.2026")) {
            assertTrue(text.contains(date), "the date " + date + " whole on one line: " + text);
        }
        assertTrue(oneLine.contains("Дата 01.09.2026"), text);
        for (String row : List.of("Уровень образования Магистратура", "Категория слушателя Сотрудник другой организации")) {
            assertTrue(oneLine.contains(row), row + " in: " + text);
        }
    }

    private static Submission submission(Map<String, String> values) {
        return new Submission(DigitalChairsFamily.ID, "python-developer", values, Locale.forLanguageTag("ru"));
    }
}
