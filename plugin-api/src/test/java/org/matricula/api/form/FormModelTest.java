package org.matricula.api.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.LocalizedText;

class FormModelTest {

    private static final Condition WORKING = Condition.fieldIn("status", "employed", "self_employed");

    private final FormModel form = FormModel.of(
            Section.of("about", LocalizedText.of("О себе", "About you"), RecordPart.PERSONAL,
                    Field.select("status", Option.of("student", "Студент", "Student"),
                            Option.of("employed", "Работаю", "Employed"),
                            Option.of("self_employed", "Самозанятый", "Self-employed")).label("Статус", "Status")
                            .required(),
                    Field.text("nickname").label("Псевдоним", "Nickname").minLength(2).maxLength(5).fromProfile(),
                    Field.number("hours").label("Часы", "Hours").min(2).max(12),
                    Field.text("code").label("Код", "Code").pattern("[A-Z]{3}", LocalizedText.of("Три буквы", "Three letters"))),
            Section.of("work", LocalizedText.of("Работа", "Work"), RecordPart.DEAN_OFFICE,
                    Field.text("employer").label("Работодатель", "Employer").required().fromProfile())
                    .visibleWhen(WORKING),
            Section.of("extra", LocalizedText.of("Ещё", "More"), RecordPart.FAMILY,
                    Field.multiSelect("topics", Option.of("ai", "ИИ", "AI"), Option.of("web", "Веб", "Web"))
                            .label("Темы", "Topics"),
                    Field.checkbox("newsletter").label("Рассылка", "Newsletter"),
                    Field.text("newsletterEmail").label("Адрес рассылки", "Newsletter address")
                            .requiredWhen(Condition.checked("newsletter")),
                    Field.checkbox("agree").label("Согласие", "Agreement").required()));

    private static Map<String, String> values(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return values;
    }

    @Test
    void requiredFieldsAndBilingualMessages() {
        ValidationResult result = form.validate(values());
        FieldError status = result.errorFor("status").orElseThrow();
        assertEquals("Заполните поле «Статус»", status.message().ru());
        assertEquals("Fill in \"Status\"", status.message().en());
        assertTrue(result.errorFor("agree").isPresent(), "required checkbox");
        assertFalse(result.errorFor("employer").isPresent(), "hidden section not checked");
    }

    @Test
    void aMultipleChoiceNamingAnOptionTwiceIsCheckedLikeOnceAndAnUnknownOneIsRefused() {
        assertTrue(form.validate(values("status", "student", "agree", "true", "topics", "ai, ai,web")).isValid());
        assertTrue(form.validate(values("status", "student", "agree", "true", "topics", "ai,ai,cooking"))
                .errorFor("topics").isPresent());
    }

    @Test
    void aPatternIsCheckedAgainOnEveryValue() {
        assertTrue(form.validate(values("status", "student", "agree", "true", "code", "ABC")).isValid());
        assertEquals("Three letters", form.validate(values("status", "student", "agree", "true", "code", "AB1"))
                .errorFor("code").orElseThrow().message().en());
        assertTrue(form.validate(values("status", "student", "agree", "true", "code", "XYZ")).isValid());
    }

    @Test
    void uncheckedRequiredCheckboxIsAnError() {
        assertTrue(form.validate(values("status", "student", "agree", "false")).errorFor("agree").isPresent());
        assertTrue(form.validate(values("status", "student", "agree", "on")).isValid());
    }

    @Test
    void sectionShowsOnlyWhenItsConditionHolds() {
        Map<String, String> student = values("status", "student", "agree", "true", "employer", "Typed earlier");
        assertTrue(form.validate(student).isValid(), form.validate(student).toString());
        assertFalse(form.visibleValues(student).containsKey("employer"), "hidden values are dropped");

        Map<String, String> employed = values("status", "employed", "agree", "true");
        assertEquals(List.of("employer"), form.validate(employed).errors().stream().map(FieldError::field).toList());
        employed.put("employer", "  УрФУ ");
        assertEquals("УрФУ", form.visibleValues(employed).get("employer"), "trimmed");
    }

    @Test
    void aFieldSentAsNullIsTreatedAsLeftEmpty() {
        Map<String, String> values = values("agree", "true");
        values.put("status", null);
        values.put("newsletter", null);
        ValidationResult result = form.validate(values);
        assertEquals(List.of("status"), result.errors().stream().map(FieldError::field).toList());
        assertFalse(form.visibleValues(values).containsKey("status"));
    }

    @Test
    void requiredWhenFollowsAnotherField() {
        Map<String, String> values = values("status", "student", "agree", "true", "newsletter", "true");
        assertTrue(form.validate(values).errorFor("newsletterEmail").isPresent());
        values.put("newsletter", "false");
        assertTrue(form.validate(values).isValid());
    }

    @Test
    void typeLengthPatternAndRangeRules() {
        Map<String, String> base = values("status", "student", "agree", "true");
        assertError(base, "status", "unknown", "Choose a value from the list");
        assertError(base, "nickname", "A", "at least 2 characters (now 1)");
        assertError(base, "nickname", "Абвгде", "at most 5 characters (now 6)");
        assertError(base, "hours", "many", "Enter a number");
        assertError(base, "hours", "1", "at least 2");
        assertError(base, "hours", "13", "at most 12");
        assertError(base, "code", "ab", "Three letters");
        assertError(base, "topics", "ai,cooking", "Choose values from the list");
        Map<String, String> fine = new HashMap<>(base);
        fine.putAll(values("nickname", "Аня", "hours", "12", "code", "ABC", "topics", "ai, web"));
        assertTrue(form.validate(fine).isValid(), form.validate(fine).toString());
    }

    @Test
    void lengthCountsCharactersNotBytes() {
        Map<String, String> values = values("status", "student", "agree", "true", "nickname", "Ёжик");
        assertTrue(form.validate(values).isValid());
    }

    @Test
    void duplicateFieldNamesAreRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FormModel.of(
                Section.of("a", LocalizedText.of("А", "A"), RecordPart.PERSONAL, Field.text("email")),
                Section.of("b", LocalizedText.of("Б", "B"), RecordPart.PERSONAL, Field.email("email"))));
        assertTrue(error.getMessage().contains("email"));
    }

    @Test
    void badFieldNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Field.text("1st"));
        assertThrows(IllegalArgumentException.class, () -> Field.text("a-b"));
    }

    @Test
    void prefillTakesOnlyProfileFields() {
        Map<String, String> prefill = form.prefill(Map.of("nickname", "Аня", "employer", "УрФУ", "hours", "5"));
        assertEquals(Map.of("nickname", "Аня", "employer", "УрФУ"), prefill);
    }

    @Test
    void valuesAreGroupedByRecordPart() {
        Map<String, Map<String, String>> parts = form.byPart(values("status", "employed", "employer", "УрФУ",
                "topics", "ai", "agree", "true", "unknown", "dropped"));
        assertEquals(Map.of("status", "employed"), parts.get("PERSONAL"));
        assertEquals(Map.of("employer", "УрФУ"), parts.get("DEAN_OFFICE"));
        assertEquals(Map.of("topics", "ai", "agree", "true"), parts.get("FAMILY"));
    }

    @Test
    void fieldsAreImmutable() {
        Field base = Field.text("x");
        Field required = base.required();
        assertFalse(base.isRequired());
        assertTrue(required.isRequired());
        assertEquals(0, base.validators().size());
        assertEquals(1, base.validator(value -> java.util.Optional.empty()).validators().size());
    }

    @Test
    void sectionChanges() {
        Section section = Section.of("s", LocalizedText.of("С", "S"), RecordPart.FAMILY,
                Field.text("a").required(), Field.text("b"));
        assertTrue(section.required().fields().stream().allMatch(Field::isRequired));
        Section conditional = section.requiredWhen(Condition.filled("b"));
        assertFalse(conditional.fields().get(0).isRequired());
        assertTrue(conditional.fields().get(0).requiredWhen() != null);
        assertEquals(List.of("b"), section.without("a").fields().stream().map(Field::name).toList());
        assertTrue(section.field("b", Field::required).fields().get(1).isRequired());
        assertThrows(IllegalArgumentException.class, () -> section.field("zzz", Field::required));
        assertEquals(3, section.with(Field.text("c")).fields().size());
    }

    @Test
    void aWholeNumberFieldRefusesFractionsWithItsOwnMessageAndKeepsItsBounds() {
        FormModel places = FormModel.of(Section.of("s", LocalizedText.of("С", "S"), RecordPart.PERSONAL,
                Field.integer("places", LocalizedText.of("Мест", "Places")).min(0).max(50).required()));
        Field field = places.field("places").orElseThrow();
        assertTrue(field.isWholeNumber());
        assertEquals(FieldType.NUMBER, field.type());
        assertEquals("Places", field.label().en());

        FieldError fraction = places.validate(values("places", "5.5")).errorFor("places").orElseThrow();
        assertEquals("Places: enter a whole number", fraction.message().en());
        assertEquals("«Мест»: введите целое число", fraction.message().ru());
        assertTrue(places.validate(values("places", "7")).isValid());
        assertTrue(places.validate(values("places", "51")).errorFor("places").orElseThrow().message().en().contains("at most 50"));
        assertTrue(places.validate(values("places", "-1")).errorFor("places").isPresent());
        assertFalse(Field.number("share").isWholeNumber(), "a plain number field still takes fractions");
    }

    private void assertError(Map<String, String> base, String field, String value, String englishPart) {
        Map<String, String> values = new HashMap<>(base);
        values.put(field, value);
        FieldError error = form.validate(values).errorFor(field)
                .orElseThrow(() -> new AssertionError(field + "=" + value + " accepted"));
        assertTrue(error.message().en().contains(englishPart), error.message().en());
        assertFalse(error.message().ru().isBlank());
    }
}
