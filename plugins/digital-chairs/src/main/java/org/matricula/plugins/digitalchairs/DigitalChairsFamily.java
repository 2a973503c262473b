package org.matricula.plugins.digitalchairs;

import static org.matricula.api.blocks.ApplicantCategory.EXTERNAL_EMPLOYEE;
import static org.matricula.api.blocks.ApplicantCategory.OTHER_STUDENT;
import static org.matricula.api.blocks.ApplicantCategory.OWN_EMPLOYEE;
import static org.matricula.api.blocks.ApplicantCategory.OWN_STUDENT;

import java.util.List;
import java.util.Set;
import org.matricula.api.SimpleCourseFamily;
import org.matricula.api.LocalizedText;
import org.matricula.api.Submission;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.Condition;
import org.matricula.api.form.Field;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Option;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.pf4j.Extension;

/**
 * IT retraining. Students give their student data, employees their higher education and
 * employer; everyone gives a SNILS, which the dean's office needs for the state diploma register.
 */
@Extension
public final class DigitalChairsFamily extends SimpleCourseFamily {

    static final String ID = "digital-chairs";
    private static final Set<String> HIGHER_EDUCATION = Set.of("bachelor", "specialist", "master", "postgraduate");
    private static final Condition EMPLOYEE = ApplicantCategory.is(OWN_EMPLOYEE, EXTERNAL_EMPLOYEE);

    private static final FormModel FORM = FormModel.of(
            Blocks.applicantCategory(OWN_STUDENT, OTHER_STUDENT, OWN_EMPLOYEE, EXTERNAL_EMPLOYEE),
            Blocks.personalData(),
            Blocks.contacts(),
            Blocks.studentOfUniversity().visibleWhen(ApplicantCategory.is(OWN_STUDENT, OTHER_STUDENT)),
            Blocks.education().visibleWhen(EMPLOYEE),
            Blocks.employment().visibleWhen(EMPLOYEE),
            Blocks.identityDocument(),
            Blocks.snils().required(),
            Section.of("it", LocalizedText.of("Опыт в ИТ", "IT background"), RecordPart.FAMILY,
                    Field.select("itExperience",
                            Option.of("none", "Нет опыта", "No experience"),
                            Option.of("under1", "Меньше года", "Less than a year"),
                            Option.of("1to3", "От года до трёх лет", "One to three years"),
                            Option.of("over3", "Больше трёх лет", "More than three years"))
                            .label("Опыт работы в ИТ", "Experience in IT").required(),
                    Field.multiSelect("languages",
                            Option.of("python", "Python", "Python"),
                            Option.of("java", "Java", "Java"),
                            Option.of("javascript", "JavaScript", "JavaScript"),
                            Option.of("sql", "SQL", "SQL"),
                            Option.of("bash", "Bash", "Bash"))
                            .label("Языки, с которыми вы знакомы", "Languages you know")),
            Blocks.consent());

    public DigitalChairsFamily() {
        super(ID, LocalizedText.of("Цифровые кафедры", "Digital Chairs"), FORM);
    }

    /** Retraining builds on a higher-education diploma: employees must have one. */
    @Override
    public List<FieldError> validate(Submission submission) {
        if (EMPLOYEE.test(submission.values())
                && !HIGHER_EDUCATION.contains(submission.value("educationLevel"))) {
            return List.of(new FieldError("educationLevel", LocalizedText.of(
                    "Для сотрудников программа доступна только при наличии высшего образования",
                    "Employees need a higher-education degree for this program")));
        }
        return List.of();
    }
}
