package org.matricula.api.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An entry a plugin appends to a person's timeline.
 *
 * @param kind the {@link TimelineKind#code() code} of one of the plugin's own kinds
 * @param personEmail the person, by one of their email addresses (any case); null when {@code personId} is given
 * @param personId the person, by the CRM's id; null when {@code personEmail} is given
 * @param at when it happened; null for now
 * @param summary one line for people (up to 4,000 characters), e.g. the webinar's title
 * @param details what else the entry holds, shown by the API and the export; may be empty
 * @param sourceRef what the entry is made from in the plugin (up to 200 characters), e.g. the
 *     webinar's attendance id: an entry is made once per plugin and source, so appending the same
 *     record again adds nothing
 * @since 1.3.0
 */
public record TimelineEntry(String kind, String personEmail, UUID personId, Instant at, String summary,
        Map<String, String> details, String sourceRef) {

    /** @since 1.3.0 */
    public TimelineEntry {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /**
     * An entry for the person holding this email, happening now, with no details.
     *
     * @since 1.3.0
     */
    public static TimelineEntry forEmail(String kind, String personEmail, String summary, String sourceRef) {
        return new TimelineEntry(kind, personEmail, null, null, summary, Map.of(), sourceRef);
    }

    /**
     * An entry for the person with this id, happening now, with no details.
     *
     * @since 1.3.0
     */
    public static TimelineEntry forPerson(String kind, UUID personId, String summary, String sourceRef) {
        return new TimelineEntry(kind, null, personId, null, summary, Map.of(), sourceRef);
    }

    /**
     * This entry, happening at another time.
     *
     * @since 1.3.0
     */
    public TimelineEntry at(Instant time) {
        return new TimelineEntry(kind, personEmail, personId, time, summary, details, sourceRef);
    }

    /**
     * This entry, holding these details.
     *
     * @since 1.3.0
     */
    public TimelineEntry withDetails(Map<String, String> more) {
        return new TimelineEntry(kind, personEmail, personId, at, summary, more, sourceRef);
    }
}
