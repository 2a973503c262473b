package org.matricula.platform.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.LocalizedText;
import org.matricula.api.SimpleCourseFamily;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Option;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;

/** The copy of a family version kept for printing reads back from its stored JSON and prints the same. */
class PrintableFamilyTest {

    /** Has a declaration.mustache next to it in the test resources. */
    public static final class KeptFamily extends SimpleCourseFamily {
        public KeptFamily() {
            super("kept", LocalizedText.of("Хранимое семейство", "Kept family"), FormModel.of(
                    Section.of("s", LocalizedText.of("Раздел", "Section"), RecordPart.FAMILY,
                            Field.select("level", Option.of("low", "Низкий", "Low"), Option.of("high", "Высокий", "High"))
                                    .label("Уровень", "Level"),
                            Field.date("startsOn").label("Начало", "Start"),
                            Field.checkbox("agreed").label("Согласие", "Consent"))));
        }
    }

    @Test
    void storedCopyPrintsAsTheLiveFamilyDid() {
        PrintableFamily live = PrintableFamily.of(new KeptFamily(), "2.1.0");
        PrintableFamily stored = PrintableTemplates.parse(PrintableTemplates.write(live));
        assertEquals(live, stored);
        assertEquals("2.1.0", stored.version());
        assertTrue(stored.template().contains("{{labels.level}}"), stored.template());

        DeclarationDocument document = new DeclarationDocument(new DeclarationTemplates(), new PdfRenderer());
        DeclarationDocument.Data data = new DeclarationDocument.Data("K-1", "Проект «Север»", "Программа",
                Instant.parse("2026-09-01T09:00:00Z"), Map.of("level", "high", "startsOn", "2026-10-05",
                "agreed", "true"), Locale.forLanguageTag("ru"));
        String html = document.html(stored, data);
        assertEquals(document.html(new KeptFamily(), data), html);
        assertTrue(html.contains("Kept family|Хранимое семейство|Проект «Север»|Высокий|05.10.2026|Да</p>"), html);
    }
}
