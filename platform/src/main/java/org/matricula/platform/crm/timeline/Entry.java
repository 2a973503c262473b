package org.matricula.platform.crm.timeline;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One timeline entry.
 *
 * @param kind the platform's kind; null for an entry of a plugin's kind
 * @param summary one line for people, e.g. a mail's subject
 * @param details what else the entry holds, as JSON (a declaration's number, a call's length)
 * @param sourceRef what the entry was made from, e.g. {@code history:42}; an entry is made once per
 *     source, so that reading the same record again adds nothing; null for entries made by hand
 * @param code the kind as stored: the platform kind's name, or {@code <plugin id>:<code>} of a plugin's kind
 */
public record Entry(long id, UUID personId, Kind kind, Instant at, String summary, Map<String, Object> details,
        UUID actorId, String sourceRef, String code) {

    public Entry {
        if (code == null && kind != null) {
            code = kind.name();
        }
    }

    public Entry(long id, UUID personId, Kind kind, Instant at, String summary, Map<String, Object> details,
            UUID actorId, String sourceRef) {
        this(id, personId, kind, at, summary, details, actorId, sourceRef, null);
    }

    public static Entry of(UUID personId, Kind kind, Instant at, String summary, Map<String, Object> details,
            UUID actorId, String sourceRef) {
        return new Entry(0, personId, kind, at, summary, details, actorId, sourceRef);
    }

    /** An entry of a plugin's kind ({@code <plugin id>:<code>}). */
    public static Entry ofCode(UUID personId, String code, Instant at, String summary, Map<String, Object> details,
            String sourceRef) {
        return new Entry(0, personId, null, at, summary, details, null, sourceRef, code);
    }
}
