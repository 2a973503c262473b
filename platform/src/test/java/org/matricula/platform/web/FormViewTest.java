package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.matricula.api.blocks.ApplicantCategory;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.Condition;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.Option;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.matricula.api.LocalizedText;

class FormViewTest {

    private final FormModel form = FormModel.of(
            Blocks.applicantCategory(),
            Blocks.employment().visibleWhen(ApplicantCategory.is(ApplicantCategory.OWN_EMPLOYEE)),
            Section.of("extra", LocalizedText.of("Дополнительно", "Extra"), RecordPart.FAMILY,
                    Field.multiSelect("days", Option.of("mon", "Понедельник", "Monday"),
                            Option.of("tue", "Вторник", "Tuesday"), Option.of("wed", "Среда", "Wednesday")),
                    Field.textarea("motivation").label("Мотивация", "Motivation").maxLength(500)));

    private final Views views = new Views();

    @Test
    void sectionHiddenUntilItsConditionHolds() {
        List<FormView.SectionView> none = FormView.of(form, Map.of(), Map.of(), Locale.ENGLISH);
        assertTrue(section(none, "employment").hidden());
        assertTrue(section(none, "employment").visibleWhen().contains("\"FIELD_IN\""));

        Map<String, String> employee = Map.of("category", ApplicantCategory.OWN_EMPLOYEE.code());
        assertFalse(section(FormView.of(form, employee, Map.of(), Locale.ENGLISH), "employment").hidden());
    }

    @Test
    void labelsInTheAskedLanguageAndChoicesKept() {
        Map<String, String> values = Map.of("days", "mon,wed", "motivation", "Хочу учиться");
        FormView.SectionView extra = section(FormView.of(form, values, Map.of(), Language.RUSSIAN), "extra");
        FormView.FieldView days = extra.fields().get(0);
        assertEquals("Дополнительно", extra.title());
        assertTrue(days.multi());
        assertEquals(List.of(true, false, true), days.options().stream().map(FormView.OptionView::selected).toList());
        assertEquals("Понедельник", days.options().get(0).label());
        assertEquals("500", extra.fields().get(1).maxLength());
        assertNull(extra.fields().get(1).error());
    }

    @Test
    void renderedPageKeepsValuesAndShowsEachMessageBesideItsField() {
        Map<String, String> values = Map.of("category", ApplicantCategory.OWN_EMPLOYEE.code(),
                "organization", "ООО \"Ромашка\" <script>", "motivation", "Учиться");
        Map<String, String> errors = Map.of("position", "Fill in the position");
        String html = views.render("form-fields",
                Map.of("sections", FormView.of(form, values, errors, Locale.ENGLISH)));

        assertTrue(html.contains("value=\"ООО &quot;Ромашка&quot; &lt;script&gt;\""), "typed value kept, escaped");
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains(">Учиться</textarea>"));
        int field = html.indexOf("id=\"field-position\"");
        int message = html.indexOf("<p class=\"error\" id=\"error-position\">Fill in the position</p>");
        assertTrue(field >= 0 && message > field && message < html.indexOf("</div>", field), html);
        // the field says it is invalid and points at its message, for screen readers
        int input = html.indexOf("id=\"in-position\"");
        String inputTag = html.substring(input, html.indexOf('>', input));
        assertTrue(inputTag.contains("aria-invalid=\"true\"") && inputTag.contains("aria-describedby=\"error-position\""),
                inputTag);
        assertFalse(html.substring(html.indexOf("id=\"in-organization\"")).split(">", 2)[0].contains("aria-invalid"),
                "a field without a message is not marked invalid");
        assertTrue(html.contains("<option value=\"own_employee\" selected>University employee</option>"), html);
    }

    @Test
    void theErrorSummaryNamesEachFieldOnceThoughTheRuleNamedItAlready() {
        Map<String, String> errors = Map.of("motivation", "Motivation: at least 100 characters (now 10)",
                "days", "Choose at least one day");
        String html = views.render("error-summary", Map.of("summary", "Please check the marked fields",
                "sections", FormView.of(form, Map.of(), errors, Locale.ENGLISH)));

        assertTrue(html.contains(">Motivation: at least 100 characters (now 10)</a>"), html);
        assertFalse(html.contains("Motivation: Motivation:"), html);
        assertTrue(html.contains(">Days: Choose at least one day</a>") || html.contains(": Choose at least one day</a>"),
                html);
        FormView.FieldView russian = section(FormView.of(form, Map.of(),
                Map.of("motivation", "«Мотивация»: не короче 100 символов (сейчас 10)"), Language.RUSSIAN), "extra")
                .fields().get(1);
        assertEquals("«Мотивация»: не короче 100 символов (сейчас 10)", russian.summaryError());
    }

    @Test
    void multiChoiceIsAGroupOfCheckboxesUnderOneLegend() {
        String html = views.render("form-fields", Map.of("sections",
                FormView.of(form, Map.of("days", "mon,wed"), Map.of(), Locale.ENGLISH)));
        int group = html.indexOf("<fieldset class=\"choices\" id=\"in-days\"");
        assertTrue(group >= 0, html);
        String fieldset = html.substring(group, html.indexOf("</fieldset>", group));
        assertTrue(fieldset.contains("<legend>"), fieldset);
        assertTrue(fieldset.contains("<input type=\"checkbox\" name=\"days\" id=\"in-days-mon\" value=\"mon\" checked"), fieldset);
        assertTrue(fieldset.contains("<input type=\"checkbox\" name=\"days\" id=\"in-days-tue\" value=\"tue\" >"), fieldset);
        assertFalse(html.contains("multiple"), "no multi-select list box");
    }

    @Test
    void emptyFieldsAreRenderedOncePerFormAndANewVersionOfTheFormShowsItsOwn() {
        FormModel first = cityForm("City");
        FormModel upgraded = cityForm("Home city");
        String empty = fieldsHtml(first, Map.of());
        assertTrue(empty.contains("City") && empty.contains("value=\"\""), empty);
        assertEquals(empty, fieldsHtml(first, Map.of()));
        assertTrue(fieldsHtml(first, Map.of("city", "Kazan")).contains("value=\"Kazan\""), "the applicant's value");
        assertTrue(fieldsHtml(upgraded, Map.of()).contains("Home city"), "the upgraded form's own label");
        assertFalse(fieldsHtml(first, Map.of()).contains("Home city"));
    }

    private static FormModel cityForm(String label) {
        return FormModel.of(Section.of("where", LocalizedText.of("Где", "Where"), RecordPart.FAMILY,
                Field.text("city").label(label, label)));
    }

    private String fieldsHtml(FormModel model, Map<String, String> values) {
        return section(FormView.of(model, values, Map.of(), Locale.ENGLISH), "where").fieldsHtml();
    }

    @Test
    void aFieldAskedOnlyWhenAnotherHoldsIsShownAndMarkedRequiredTogether() {
        FormModel followUp = FormModel.of(Section.of("s", LocalizedText.of("С", "S"), RecordPart.FAMILY,
                Field.checkbox("employed").label("Работаю", "Employed"),
                Field.text("employer").label("Работодатель", "Employer").when(Condition.checked("employed"))));

        FormView.FieldView unasked = FormView.of(followUp, Map.of(), Map.of(), Locale.ENGLISH).get(0).fields().get(1);
        assertTrue(unasked.hidden());
        assertFalse(unasked.required());
        String html = views.render("form-fields", Map.of("sections", FormView.of(followUp, Map.of(), Map.of(),
                Locale.ENGLISH)));
        assertTrue(html.matches("(?s).*Employer <span class=\"req\" data-required-when=\"[^\"]*CHECKED[^\"]*\" hidden>\\*</span>.*"),
                "the mark is there for the page's script to show: " + html);

        Map<String, String> employed = Map.of("employed", "true");
        FormView.FieldView asked = FormView.of(followUp, employed, Map.of(), Locale.ENGLISH).get(0).fields().get(1);
        assertFalse(asked.hidden());
        assertTrue(asked.required(), "marked required while its condition holds");
        assertTrue(followUp.validate(employed).errorFor("employer").isPresent(), "and required it is");
        assertTrue(followUp.validate(Map.of()).isValid(), "hidden, so not asked");
    }

    private static FormView.SectionView section(List<FormView.SectionView> sections, String id) {
        return sections.stream().filter(section -> section.id().equals(id)).findFirst().orElseThrow();
    }
}
