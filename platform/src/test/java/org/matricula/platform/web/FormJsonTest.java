package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.LocalizedText;

class FormJsonTest {

    @Test
    void textCarriesRussianAndEnglishThenThePluginsFurtherLanguages() {
        Map<String, String> json = FormJson.text(LocalizedText.of(Map.of("kk", "Кесте", "en", "Schedule")));
        assertEquals(List.of("ru", "en", "kk"), List.copyOf(json.keySet()));
        assertEquals("Schedule", json.get("ru"), "a text without Russian falls back for 1.0 clients");
        assertEquals("Кесте", json.get("kk"));
    }
}
