package org.matricula.api.actions;

import java.util.Map;
import java.util.Objects;

/**
 * What a step did.
 *
 * @param summary one line for the run log, e.g. "user anna.petrova@school.example created"; no secrets
 * @param outputs values later steps of the run may use, by key (e.g. {@code userPrincipalName})
 * @since 1.3.0
 */
public record ActionResult(String summary, Map<String, String> outputs) {

    /** @since 1.3.0 */
    public ActionResult {
        summary = Objects.requireNonNullElse(summary, "");
        outputs = Map.copyOf(outputs);
    }

    /**
     * A result with a summary and no outputs.
     *
     * @since 1.3.0
     */
    public static ActionResult done(String summary) {
        return new ActionResult(summary, Map.of());
    }
}
