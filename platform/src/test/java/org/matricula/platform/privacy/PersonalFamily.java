package org.matricula.platform.privacy;

import org.matricula.api.CourseFamily;
import org.matricula.api.LocalizedText;
import org.matricula.api.PluginContext;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.FormModel;

/** A course family whose form asks for the personal data erasure has to remove: names, SNILS, contacts. */
public class PersonalFamily implements CourseFamily {

    private final PluginContext context;

    public PersonalFamily(PluginContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return context.pluginId();
    }

    @Override
    public LocalizedText title() {
        return LocalizedText.of("Семейство с персональными данными", "Family with personal data");
    }

    @Override
    public FormModel form() {
        return FormModel.of(Blocks.applicantCategory(ApplicantCategory.values()), Blocks.personalData(),
                Blocks.contacts(), Blocks.snils());
    }
}
