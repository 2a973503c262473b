package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.matricula.platform.web.FormView;

class FormJsonTest {

    @Test
    void textCarriesRussianAndEnglishThenThePluginsFurtherLanguages() {
        Map<String, String> json = FormJson.text(LocalizedText.of(Map.of("kk", "Кесте", "en", "Schedule")));
        assertEquals(List.of("ru", "en", "kk"), List.copyOf(json.keySet()));
        assertEquals("Schedule", json.get("ru"), "a text without Russian falls back for 1.0 clients");
        assertEquals("Кесте", json.get("kk"));
    }

    @Test
    void aWholeNumberFieldTellsClientsAndTheFormPageSo() {
        FormModel form = FormModel.of(Section.of("s", LocalizedText.of("С", "S"), RecordPart.PERSONAL,
                Field.integer("places", LocalizedText.of("Мест", "Places")).min(0).max(50), Field.number("share")));
        List<?> fields = (List<?>) FormJson.sections(form).get(0).get("fields");
        assertEquals(true, ((Map<?, ?>) fields.get(0)).get("wholeNumber"));
        assertEquals(null, ((Map<?, ?>) fields.get(1)).get("wholeNumber"));

        List<FormView.FieldView> views = FormView.of(form, Map.of(), Map.of(), Locale.ENGLISH).get(0).fields();
        assertTrue(views.get(0).wholeNumber());
        assertFalse(views.get(1).wholeNumber());
    }
}
