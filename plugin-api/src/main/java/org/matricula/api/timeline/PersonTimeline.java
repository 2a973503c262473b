package org.matricula.api.timeline;

/**
 * Appends a plugin's entries to persons' timelines (given by {@link org.matricula.api.PluginContext#timeline()}).
 * The timeline is append-only: an entry is never changed or removed by a plugin.
 *
 * @since 1.3.0
 */
public interface PersonTimeline {

    /**
     * What became of an entry.
     *
     * @since 1.3.0
     */
    enum Appended {
        /** The entry is on the person's timeline now. */
        ADDED,
        /** An entry of this plugin with the same source reference was made before; nothing was added. */
        ALREADY_THERE,
        /** No person holds that email or id; nothing was added. */
        NO_PERSON
    }

    /**
     * Appends an entry of one of the plugin's own kinds.
     *
     * @throws IllegalArgumentException when the kind is not one the plugin declares as a
     *     {@link TimelineKind}, when neither the person's email nor id is given, or when the
     *     summary or the source reference is empty or too long
     * @since 1.3.0
     */
    Appended append(TimelineEntry entry);
}
