package org.matricula.platform.demo;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Option;

/**
 * Fills any family's declaration form with a made-up applicant's data. The shared blocks' fields
 * get realistic values (names, documents with valid check numbers, studies, work); any other
 * field gets a value its type and limits allow. Fields hidden for the chosen category are filled
 * too and simply dropped by the form.
 */
final class DemoApplicants {

    private static final Set<String> HIGHER_EDUCATION = Set.of("bachelor", "specialist", "master", "postgraduate");

    private final Random random;
    private final LocalDate today;
    private final TypedValues typed;

    DemoApplicants(Random random, LocalDate today) {
        this.random = random;
        this.today = today;
        this.typed = new TypedValues(random, today);
    }

    /** Values for every field of the form; {@code number} keeps the applicant's address unique. */
    Map<String, String> fill(FormModel form, int number) {
        String category = form.field(ApplicantCategory.FIELD).map(typed::option).orElse("");
        boolean student = category.endsWith("student");
        DemoPerson person = DemoPerson.random(random, number, student ? 18 : 22, student ? 24 : 60, today);
        LocalDate passportIssued = RussianDocuments.passportIssuedOn(random, person.birthDate(), today);
        Map<String, String> values = new LinkedHashMap<>();
        for (Field field : form.fields()) {
            values.put(field.name(), field.name().equals(ApplicantCategory.FIELD) ? category
                    : value(field, person, passportIssued));
        }
        return values;
    }

    private String value(Field field, DemoPerson person, LocalDate passportIssued) {
        return switch (field.name()) {
            case "lastName" -> person.lastName();
            case "firstName" -> person.firstName();
            case "middleName" -> person.middleName();
            case "birthDate" -> person.birthDate().toString();
            case "sex" -> person.female() ? "female" : "male";
            case "email" -> person.email();
            case "phone" -> person.phone();
            case "passportSeries" -> RussianDocuments.passportSeries(random, passportIssued);
            case "passportNumber" -> RussianDocuments.passportNumber(random);
            case "passportIssuedBy" -> DemoPerson.pick(random, DemoTexts.PASSPORT_ISSUERS);
            case "passportIssuedOn" -> passportIssued.toString();
            case "snils" -> RussianDocuments.snils(random);
            case "inn" -> RussianDocuments.inn(random);
            case "university", "institution" -> DemoPerson.pick(random, DemoTexts.UNIVERSITIES);
            case "institute" -> DemoPerson.pick(random, DemoTexts.INSTITUTES);
            case "studyGroup" -> DemoPerson.pick(random, DemoTexts.GROUP_PREFIXES) + "-" + (today.getYear() % 100
                    - random.nextInt(4)) + String.format("%04d", random.nextInt(10_000));
            case "studentId" -> String.format("%08d", random.nextInt(100_000_000));
            case "educationLevel" -> higherEducationMostly(field);
            case "specialty" -> DemoPerson.pick(random, DemoTexts.SPECIALTIES);
            case "graduationYear" -> String.valueOf(Math.min(today.getYear(),
                    person.birthDate().getYear() + 22 + random.nextInt(3)));
            case "diplomaSeries" -> String.format("1066%02d", random.nextInt(100));
            case "diplomaNumber" -> String.format("%07d", random.nextInt(10_000_000));
            case "organization" -> DemoPerson.pick(random, DemoTexts.ORGANIZATIONS);
            case "position" -> DemoPerson.pick(random, DemoTexts.POSITIONS);
            default -> typed.value(field, person);
        };
    }

    // Employees of some families need a degree; a few still have vocational education only.
    private String higherEducationMostly(Field field) {
        List<Option> higher = field.options().stream().filter(o -> HIGHER_EDUCATION.contains(o.value())).toList();
        return higher.isEmpty() || random.nextInt(10) == 0 ? typed.option(field)
                : DemoPerson.pick(random, higher).value();
    }
}
