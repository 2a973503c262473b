package org.matricula.platform.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.Period;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.matricula.api.LocalizedText;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Option;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.matricula.api.form.ValidationResult;
import org.matricula.api.form.Validators;

class DemoApplicantsTest {

    private static final LocalDate TODAY = LocalDate.now();

    /** Every shared block, all required, plus family fields of every type with limits. */
    private static final FormModel EVERYTHING = FormModel.of(Blocks.applicantCategory(), Blocks.personalData(),
            Blocks.contacts(), Blocks.studentOfUniversity(), Blocks.education(), Blocks.employment(),
            Blocks.identityDocument(), Blocks.snils().required(), Blocks.inn().required(),
            Section.of("family", LocalizedText.of("Своё", "Own"), RecordPart.FAMILY,
                    Field.textarea("motivation").minLength(300).maxLength(600).required(),
                    Field.number("hours").min(40).max(45).required(),
                    Field.multiSelect("tools", Option.of("a", "А", "A"), Option.of("b", "Б", "B")).required(),
                    Field.select("format", Option.of("online", "Онлайн", "Online")).required(),
                    Field.date("lastCourse").validator(Validators.notInFuture()).required(),
                    Field.text("nickname").maxLength(5).required()),
            Blocks.consent());

    @Test
    void everyFilledFormPassesTheFormsOwnRules() {
        DemoApplicants applicants = new DemoApplicants(new Random(7), TODAY);
        Set<String> emails = new HashSet<>();
        for (int number = 1; number <= 500; number++) {
            Map<String, String> values = applicants.fill(EVERYTHING, number);
            ValidationResult result = EVERYTHING.validate(values);
            assertTrue(result.isValid(), result.errors() + " for " + values);
            assertTrue(emails.add(values.get("email")), "addresses are unique");
            int age = Period.between(LocalDate.parse(values.get("birthDate")), TODAY).getYears();
            assertTrue(age >= 18 && age <= 60, "age " + age);
            assertTrue(values.get("lastName").matches("[А-ЯЁ][а-яё]+"), values.get("lastName"));
            assertTrue(values.get("phone").startsWith("+7 9"), values.get("phone"));
        }
    }

    @Test
    void namesAgreeWithTheApplicantsSex() {
        DemoApplicants applicants = new DemoApplicants(new Random(11), TODAY);
        for (int number = 1; number <= 100; number++) {
            Map<String, String> values = applicants.fill(EVERYTHING, number);
            boolean female = values.get("sex").equals("female");
            assertEquals(female, values.get("middleName").endsWith("на"), values.toString());
            assertEquals(female, values.get("lastName").endsWith("а"), values.toString());
        }
    }

    @Test
    void documentNumbersHaveMatchingCheckDigits() {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            String snils = RussianDocuments.snils(random);
            assertTrue(snils.matches("\\d{3}-\\d{3}-\\d{3} \\d{2}"), snils);
            assertTrue(Validators.snils().check(snils).isEmpty(), snils);
            String inn = RussianDocuments.inn(random);
            assertTrue(Validators.inn().check(inn).isEmpty(), inn);
            // The numbers are checked, not waved through: a wrong last digit is caught.
            assertTrue(Validators.snils().check(otherLastDigit(snils)).isPresent(), snils);
            assertTrue(Validators.inn().check(otherLastDigit(inn)).isPresent(), inn);
        }
    }

    private static String otherLastDigit(String number) {
        char last = number.charAt(number.length() - 1);
        return number.substring(0, number.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }
}
