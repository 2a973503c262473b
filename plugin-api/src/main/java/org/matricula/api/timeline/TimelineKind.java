package org.matricula.api.timeline;

import org.matricula.api.LocalizedText;
import org.pf4j.ExtensionPoint;

/**
 * A kind of entry a plugin adds to persons' timelines, e.g. "webinar attended". The person card
 * shows its entries under {@link #name()}, its kind filter offers it, and the API and the
 * personal-data export name it. The platform stores the kind as {@code <plugin id>:<code>}, so
 * two plugins' codes never meet.
 *
 * @since 1.3.0
 */
public interface TimelineKind extends ExtensionPoint {

    /**
     * The kind's code, unique within its plugin: lower-case letters, digits and dashes, starting
     * with a letter, at most 40 characters, e.g. {@code webinar}. Entries keep it, so it must not
     * change between versions of the plugin.
     *
     * @since 1.3.0
     */
    String code();

    /**
     * The kind's name as managers read it on the person card and in the kind filter.
     *
     * @since 1.3.0
     */
    LocalizedText name();

    /**
     * A CSS class of an icon shown before the kind's name (e.g. {@code bi-camera-video} of
     * Bootstrap Icons, when the platform's pages carry them); empty for none, the default.
     *
     * @since 1.3.0
     */
    default String icon() {
        return "";
    }
}
