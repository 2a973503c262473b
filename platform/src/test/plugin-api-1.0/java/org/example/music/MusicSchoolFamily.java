package org.example.music;

import java.util.List;
import org.matricula.api.CourseFamily;
import org.matricula.api.LocalizedText;
import org.matricula.api.Submission;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.Field;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Option;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.pf4j.Extension;

/** Lessons on an instrument: contacts, the instrument and how long the applicant has played. */
@Extension
public class MusicSchoolFamily implements CourseFamily {

    static final String ID = "music-school";

    private final FormModel form = FormModel.of(
            Blocks.contacts(),
            Section.of("lessons", LocalizedText.of("Занятия", "Lessons"), RecordPart.FAMILY,
                    Field.select("instrument", Option.of("piano", "Фортепиано", "Piano"),
                            Option.of("organ", "Орган", "Organ")).label("Инструмент", "Instrument").required(),
                    Field.number("yearsPlayed").label("Лет занятий", "Years played").min(0).max(60).required()));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public LocalizedText title() {
        return LocalizedText.of("Музыкальная школа", "Music school");
    }

    @Override
    public FormModel form() {
        return form;
    }

    @Override
    public List<FieldError> validate(Submission submission) {
        if (submission.value("instrument").equals("organ") && Integer.parseInt(submission.value("yearsPlayed")) < 3) {
            return List.of(new FieldError("yearsPlayed", LocalizedText.of(
                    "Органу учат после трёх лет занятий", "The organ is taught after three years of playing")));
        }
        return List.of();
    }
}
