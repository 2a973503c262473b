package org.matricula.platform.families;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;

class FamiliesTest {

    private static final FormModel FORM = FormModel.of(Section.of("s", LocalizedText.of("С", "S"), RecordPart.FAMILY,
            Field.checkbox("employed").label("Работаю", "Employed"),
            Field.text("note").label("Заметка", "Note")));

    @Test
    void aTickedBoxIsStoredAsTrueAndAnUntickedOneNotAtAllHoweverItWasSent() {
        for (String ticked : new String[] {"true", "on", "YES"}) {
            assertEquals(Map.of("employed", "true", "note", "on"),
                    Families.ticksAsTrue(FORM, Map.of("employed", ticked, "note", "on")), ticked);
        }
        for (String unticked : new String[] {"false", "off", "no"}) {
            assertEquals(Map.of("note", "false"),
                    Families.ticksAsTrue(FORM, Map.of("employed", unticked, "note", "false")), unticked);
        }
        assertEquals(Map.of(), Families.ticksAsTrue(FORM, Map.of()));
    }
}
