package org.matricula.platform.crm.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One timeline entry.
 *
 * @param summary one line for people, e.g. a mail's subject
 * @param details what else the entry holds, as JSON (a declaration's number, a call's length)
 * @param sourceRef what the entry was made from, e.g. {@code history:42}; an entry is made once per
 *     source, so that reading the same record again adds nothing; null for entries made by hand
 */
public record Entry(long id, UUID personId, Kind kind, Instant at, String summary, Map<String, Object> details,
        UUID actorId, String sourceRef) {

    public static Entry of(UUID personId, Kind kind, Instant at, String summary, Map<String, Object> details,
            UUID actorId, String sourceRef) {
        return new Entry(0, personId, kind, at, summary, details, actorId, sourceRef);
    }
}
