package org.matricula.platform.catalog;

import java.util.Locale;
import java.util.Map;
import org.matricula.platform.i18n.Translations;

/**
 * A course with an optional number of places; for a limited program {@code taken} counts the
 * declarations holding one (it is recounted whenever the program is edited). Its name and
 * description may be given per language, as a {@link Project}'s.
 */
public record Program(long id, String code, String name, String description, boolean active, Integer places,
        boolean waitlist, int taken, Map<String, String> names, Map<String, String> descriptions) {

    /** The program as a reader of {@code locale} sees it: name and description in that language, or the nearest one. */
    public Program in(Locale locale) {
        return new Program(id, code, Translations.pick(names, locale, name),
                Translations.pick(descriptions, locale, description), active, places, waitlist, taken, names,
                descriptions);
    }

    /** Places still free, or {@code null} when the program is not limited. */
    public Integer placesLeft() {
        return places == null ? null : Math.max(0, places - taken);
    }

    public boolean isFull() {
        return places != null && taken >= places;
    }

    /** Whether a new declaration can be made now (a full program with a waitlist still takes them). */
    public boolean isOpen() {
        return active && (!isFull() || waitlist);
    }
}
