package org.matricula.platform.privacy;

import org.matricula.api.LocalizedText;
import org.matricula.api.PluginContext;
import org.matricula.api.SimpleCourseFamily;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.FormModel;

/** A course family whose form asks for the personal data erasure has to remove: names, SNILS, contacts. */
public class PersonalFamily extends SimpleCourseFamily {

    public PersonalFamily(PluginContext context) {
        super(context.pluginId(), LocalizedText.of("Семейство с персональными данными", "Family with personal data"),
                FormModel.of(Blocks.applicantCategory(ApplicantCategory.values()), Blocks.personalData(),
                        Blocks.contacts(), Blocks.snils()));
    }
}
