package org.matricula.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.matricula.api.LocalizedText;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;
import org.matricula.platform.i18n.Messages;

class ViewsTest {

    private final Views views = new Views();
    private final AtomicInteger scopesBuilt = new AtomicInteger();

    private Function<Slots, Map<String, Object>> greeting(String name, String note, String csrf) {
        return slots -> {
            scopesBuilt.incrementAndGet();
            Map<String, Object> scope = new HashMap<>();
            scope.put("t", Messages.helper(Locale.ENGLISH));
            scope.put("name", slots.of(name));
            scope.put("note", note);
            scope.put("csrf", slots.of(csrf));
            return scope;
        };
    }

    private String direct(String view, Function<Slots, Map<String, Object>> scopeOf) {
        return views.render(view, scopeOf.apply(Slots.asIs()));
    }

    @Test
    void aPageFilledFromItsShapeIsThePageRenderedWhole() {
        for (String name : List.of("Anna", "<script>alert('x')</script> & \"Bob\" `=`", "Ольга", "a\uE0000\uE001b")) {
            Function<Slots, Map<String, Object>> scope = greeting(name, null, "token-" + name.length());
            assertEquals(direct("shape-test", scope), views.render("shape-test", scope).toString(), name);
        }
    }

    @Test
    void theShapeIsRenderedOnceAndFilledForEachVisitor() {
        views.render("shape-test", greeting("Anna", null, "t1"));
        int firstTime = scopesBuilt.getAndSet(0);
        String second = views.render("shape-test", greeting("Boris <b>", null, "t2")).toString();

        assertEquals(3, firstTime, "a new shape: with markers, and checked twice");
        assertEquals(1, scopesBuilt.get(), "a known shape: its scope only, to find it and take the values");
        assertTrue(second.contains("Boris &lt;b&gt;") && second.contains("value=\"t2\""), second);
        assertTrue(!second.contains("Anna") && !second.contains("t1"), second);
    }

    @Test
    void whatIsNotASlotIsPartOfTheShape() {
        String without = views.render("shape-test", greeting("Anna", null, "t1")).toString();
        String with = views.render("shape-test", greeting("Anna", "Closes soon", "t1")).toString();
        String empty = views.render("shape-test", greeting("", null, "t1")).toString();

        assertTrue(!without.contains("id=\"note\"") && with.contains("<p id=\"note\">Closes soon</p>"), with);
        assertTrue(empty.contains("Program: </p>"), empty);
    }

    @Test
    void aSlotWrittenUnescapedMakesThePageRenderedWholeEveryTime() {
        Function<Slots, Map<String, Object>> raw = slots -> Map.of("html", slots.of("<b>bold</b>"));
        assertEquals("<div><b>bold</b></div>\n", views.render("shape-raw-test", raw).toString());
        assertEquals("<div><b>bold</b></div>\n", views.render("shape-raw-test", raw).toString());
    }

    @Test
    void aFormsTypedTextIsASlotAndItsChoicesAreNot() {
        FormModel form = FormModel.of(Section.of("about", LocalizedText.of("О себе", "About"), RecordPart.PERSONAL,
                Field.text("lastName").label("Фамилия", "Last name"),
                Field.checkbox("consent").label("Согласие", "Consent")));
        Slots marking = Slots.marking();
        FormView.SectionView section = FormView.of(form, Map.of("lastName", "O'Neil", "consent", "true"), Map.of(),
                Locale.ENGLISH, marking).get(0);

        assertEquals(List.of("O'Neil"), marking.values());
        assertTrue(Slots.isMarker(section.fields().get(0).value()));
        assertTrue(section.fields().get(1).checked());
    }
}
