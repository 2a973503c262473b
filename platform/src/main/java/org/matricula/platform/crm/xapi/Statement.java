package org.matricula.platform.crm.xapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One xAPI statement as the learning record keeps it: who ({@code actor}, an inverse functional
 * identifier such as {@code mailto:anna@example.org}), did what ({@code verb}) to which activity,
 * with the result's score, success, completion, time spent and progress, and the statement whole.
 *
 * @param actor       the actor's identifier: {@code mailto:...}, {@code sha1:...}, {@code openid:...}
 *                    or {@code account:<homePage>#<name>}
 * @param actorEmail  the actor's email, lower case, where the actor is identified by one
 * @param voids       for a voiding statement, the id of the statement it voids
 * @param durationMs  the result's duration in milliseconds, where given
 * @param progress    how far through the activity, 0 to 100 (cmi5's progress extension), where given
 */
public record Statement(UUID id, String actor, String actorEmail, String verb, String objectId, String objectName,
        BigDecimal scoreScaled, Boolean success, Boolean completion, Long durationMs, Integer progress, UUID voids,
        Instant occurredAt, ObjectNode body) {

    /** The verb that voids another statement. */
    public static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";
}
