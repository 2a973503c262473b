package org.matricula.plugins.growup;

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
 * Open to everyone. The academy picks its groups by motivation, so a motivation letter of a
 * bounded length is part of every declaration; working applicants name their employer.
 */
@Extension
public final class GrowUpFamily extends SimpleCourseFamily {

    static final String ID = "growup";
    static final int MOTIVATION_MIN = 100;
    static final int MOTIVATION_MAX = 2000;

    private static final FormModel FORM = FormModel.of(
            Blocks.applicantCategory(),
            Blocks.personalData(),
            Blocks.contacts(),
            Blocks.employment().visibleWhen(ApplicantCategory.is(ApplicantCategory.OWN_EMPLOYEE,
                    ApplicantCategory.EXTERNAL_EMPLOYEE)),
            Section.of("motivation", LocalizedText.of("Мотивация", "Motivation"), RecordPart.FAMILY,
                    Field.textarea("motivation")
                            .label("Почему вы хотите учиться в академии?", "Why do you want to study at the academy?")
                            .help("От " + MOTIVATION_MIN + " до " + MOTIVATION_MAX + " символов",
                                    "From " + MOTIVATION_MIN + " to " + MOTIVATION_MAX + " characters")
                            .minLength(MOTIVATION_MIN).maxLength(MOTIVATION_MAX).required(),
                    Field.select("source",
                            Option.of("social", "Социальные сети", "Social networks"),
                            Option.of("friends", "Друзья и коллеги", "Friends and colleagues"),
                            Option.of("university", "Сайт университета", "University website"),
                            Option.of("other", "Другое", "Other"))
                            .label("Откуда вы узнали об академии", "How did you hear about the academy")),
            Blocks.consent());

    public GrowUpFamily() {
        super(ID, LocalizedText.of("Академия GrowUp!", "GrowUp! academy"), FORM);
    }
}
