package org.example.matricula.evening;

import java.util.List;
import org.matricula.api.CourseFamily;
import org.matricula.api.LocalizedText;
import org.matricula.api.Submission;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.Field;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.pf4j.Extension;

/** Evening courses for working adults: personal data, contacts, employer and a preferred weekday. */
@Extension
public class EveningSchoolFamily implements CourseFamily {

    private final FormModel form = FormModel.of(
            Blocks.personalData(),
            Blocks.contacts(),
            Blocks.employment(),
            Section.of("schedule", LocalizedText.of("Расписание", "Schedule"), RecordPart.FAMILY,
                    Field.number("weeklyHours").label("Часов в неделю", "Hours a week").min(2).max(12).required()),
            Blocks.consent());

    @Override
    public String id() {
        return "evening-school";
    }

    @Override
    public LocalizedText title() {
        return LocalizedText.of("Вечерняя школа", "Evening school");
    }

    @Override
    public FormModel form() {
        return form;
    }

    @Override
    public List<FieldError> validate(Submission submission) {
        if (submission.value("position").equalsIgnoreCase(submission.value("organization"))) {
            return List.of(new FieldError("position",
                    LocalizedText.of("Должность не может совпадать с организацией",
                            "The position cannot be the same as the organization")));
        }
        return List.of();
    }
}
