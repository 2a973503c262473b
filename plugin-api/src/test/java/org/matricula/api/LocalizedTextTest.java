package org.matricula.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalizedTextTest {

    @Test
    void russianAndEnglishTextReadsAsIn10() {
        LocalizedText text = LocalizedText.of("Расписание", "Schedule");
        assertEquals("Расписание", text.ru());
        assertEquals("Schedule", text.en());
        assertEquals("Schedule", text.in(Locale.UK));
        assertEquals("Расписание", text.in(Locale.forLanguageTag("ru")));
        assertEquals("Расписание", text.in(Locale.GERMAN), "any other language reads Russian");
        assertEquals("Расписание", text.in(null));
        assertEquals(new LocalizedText("Расписание", "Schedule"), text);
        assertEquals(List.of("ru", "en"), List.copyOf(text.texts().keySet()));
        assertThrows(NullPointerException.class, () -> LocalizedText.of(null, "Schedule"));
        assertThrows(NullPointerException.class, () -> LocalizedText.of("Расписание", null));
    }

    @Test
    void aThirdLanguageIsReadForItsLocale() {
        LocalizedText text = LocalizedText.of(Map.of("ru", "Расписание", "en", "Schedule", "kk", "Кесте"));
        assertEquals("Кесте", text.in(Locale.forLanguageTag("kk-KZ")));
        assertEquals("Кесте", text.inLanguage("kk"));
        assertEquals("Schedule", text.inLanguage("en"));
        assertEquals("Расписание", text.inLanguage("uz"));
        assertEquals(text, LocalizedText.of("Расписание", "Schedule").with("kk", "Кесте"));
    }

    @Test
    void missingLanguageFallsBackToRussianThenEnglishThenTheFirstGiven() {
        assertEquals("Расписание", LocalizedText.of(Map.of("ru", "Расписание", "kk", "Кесте")).inLanguage("de"));
        LocalizedText noRussian = LocalizedText.of(ordered("kk", "Кесте", "en", "Schedule"));
        assertEquals("Schedule", noRussian.inLanguage("de"));
        assertEquals("Schedule", noRussian.ru());
        LocalizedText neither = LocalizedText.of(ordered("uz", "Jadval", "kk", "Кесте"));
        assertEquals("Jadval", neither.in(Locale.GERMAN));
        assertEquals("Jadval", neither.en());
        assertEquals("Jadval", neither.inLanguage(null));
    }

    @Test
    void regionIsMatchedExactlyBeforeTheLanguage() {
        LocalizedText text = LocalizedText.of(ordered("pt_br", "Horário", "pt", "Horário (PT)"));
        assertEquals(List.of("pt-BR", "pt"), List.copyOf(text.texts().keySet()), "tags are normalized");
        assertEquals("Horário", text.in(Locale.forLanguageTag("pt-BR")));
        assertEquals("Horário (PT)", text.in(Locale.forLanguageTag("pt-PT")));
        assertEquals("Horário (PT)", text.inLanguage("pt-PT"));
        assertEquals("Horário", text.inLanguage("pt_BR"));
    }

    @Test
    void badTextsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LocalizedText.of(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LocalizedText.of(Map.of("!!", "x")));
        assertThrows(IllegalArgumentException.class, () -> LocalizedText.of(ordered("en", "a", "EN", "b")));
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("en", null);
        assertThrows(NullPointerException.class, () -> LocalizedText.of(withNull));
    }

    @Test
    void textIsACopyOfWhatItWasGiven() {
        Map<String, String> texts = ordered("ru", "Расписание", "en", "Schedule");
        LocalizedText text = LocalizedText.of(texts);
        texts.put("kk", "Кесте");
        assertEquals(2, text.texts().size());
        assertThrows(UnsupportedOperationException.class, () -> text.texts().put("kk", "Кесте"));
    }

    private static Map<String, String> ordered(String... languagesAndTexts) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < languagesAndTexts.length; i += 2) {
            texts.put(languagesAndTexts[i], languagesAndTexts[i + 1]);
        }
        return texts;
    }
}
