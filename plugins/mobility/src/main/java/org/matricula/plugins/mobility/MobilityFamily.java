package org.matricula.plugins.mobility;

import org.matricula.api.SimpleCourseFamily;
import org.matricula.api.LocalizedText;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Option;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.pf4j.Extension;

/**
 * Only the university's own students may enrol: the student block (institute, group, student ID)
 * is required and no passport is asked for, since the dean's office already holds it.
 */
@Extension
public final class MobilityFamily extends SimpleCourseFamily {

    static final String ID = "mobility";

    private static final FormModel FORM = FormModel.of(
            Blocks.applicantCategory(ApplicantCategory.OWN_STUDENT),
            Blocks.personalData(),
            Blocks.contacts(),
            Blocks.studentOfUniversity(),
            Section.of("format", LocalizedText.of("Формат занятий", "Study format"), RecordPart.FAMILY,
                    Field.select("studyFormat",
                            Option.of("offline", "Очно", "On campus"),
                            Option.of("online", "Дистанционно", "Online"))
                            .label("Предпочтительный формат", "Preferred format").required()),
            Blocks.consent());

    public MobilityFamily() {
        super(ID, LocalizedText.of("Модуль мобильности", "Mobility module"), FORM);
    }
}
