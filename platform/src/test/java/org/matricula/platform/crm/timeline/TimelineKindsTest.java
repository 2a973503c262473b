package org.matricula.platform.crm.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The timeline's kinds: the platform's, then the plugins', each parsed and named. */
class TimelineKindsTest {

    private final TimelineKinds kinds = new TimelineKinds(() -> List.of(new TimelineKinds.PluginKind(
            "webinars:webinar", locale -> locale.getLanguage().equals("ru") ? "Вебинар" : "Webinar", "bi-camera")));

    @Test
    void platformKindsComeFirstThenThePluginsWithTheirNamesAndIcons() {
        List<TimelineKinds.Choice> all = kinds.all(Locale.ENGLISH);
        assertEquals(Kind.values().length + 1, all.size());
        assertEquals("NOTE", all.stream().filter(TimelineKinds.Choice::byHand).findFirst().orElseThrow().code());
        TimelineKinds.Choice last = all.get(all.size() - 1);
        assertEquals(new TimelineKinds.Choice("webinars:webinar", "Webinar", false, "bi-camera"), last);
    }

    @Test
    void codesAreParsedAsStoredAndUnknownOnesAreNot() {
        assertEquals(Optional.of("NOTE"), kinds.parse(" note "));
        assertEquals(Optional.of("webinars:webinar"), kinds.parse("Webinars:Webinar"));
        assertTrue(kinds.parse("other:webinar").isEmpty());
        assertTrue(TimelineKinds.platformOnly().parse("webinars:webinar").isEmpty());
    }

    @Test
    void aKindIsNamedInTheReadersLanguageAndAGonePluginsKindByItsCode() {
        assertEquals("Вебинар", kinds.label("webinars:webinar", Locale.forLanguageTag("ru")));
        assertEquals("bi-camera", kinds.icon("webinars:webinar"));
        assertEquals("", kinds.icon("NOTE"));
        assertEquals(Kind.CALL.label().in(Locale.ENGLISH), kinds.label("CALL", Locale.ENGLISH));
        assertEquals("Plugin: gone:kind", kinds.label("gone:kind", Locale.ENGLISH));
    }
}
