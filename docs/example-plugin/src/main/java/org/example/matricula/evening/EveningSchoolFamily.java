package org.example.matricula.evening;

import java.util.List;
import org.matricula.api.CourseFamily;
import org.matricula.api.LocalizedText;
import org.matricula.api.PluginMessages;
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

    /** The texts in src/main/resources/i18n/evening-school/: one file per language. */
    private static final PluginMessages MESSAGES = PluginMessages.of(EveningSchoolFamily.class, "evening-school");

    private final FormModel form = FormModel.of(
            Blocks.personalData(),
            Blocks.contacts(),
            Blocks.employment(),
            Section.of("schedule", MESSAGES.text("schedule.title"), RecordPart.FAMILY,
                    Field.number("weeklyHours").label(MESSAGES.text("weeklyHours.label")).min(2).max(12).required()),
            Blocks.consent());

    @Override
    public String id() {
        return "evening-school";
    }

    @Override
    public LocalizedText title() {
        return MESSAGES.text("family.title");
    }

    @Override
    public FormModel form() {
        return form;
    }

    @Override
    public List<FieldError> validate(Submission submission) {
        if (submission.value("position").equalsIgnoreCase(submission.value("organization"))) {
            return List.of(new FieldError("position", MESSAGES.text("position.sameAsOrganization")));
        }
        return List.of();
    }
}
