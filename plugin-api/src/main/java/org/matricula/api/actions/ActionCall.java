package org.matricula.api.actions;

import java.util.Map;
import java.util.Objects;

/**
 * One execution of a {@link ScenarioAction}: for whom, with which parameters, and what the run
 * learnt so far.
 *
 * @param idempotencyKey stable for the step of the run: the same on every retry of it
 * @param person the person the run is for
 * @param parameters the values the admin set on the step, as its {@link ScenarioAction#parameters()
 *     form} validated them
 * @param context the outputs of the run's earlier steps, by key
 * @since 1.3.0
 */
public record ActionCall(String idempotencyKey, ActionPerson person, Map<String, String> parameters,
        Map<String, String> context) {

    /** @since 1.3.0 */
    public ActionCall {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(person, "person");
        parameters = Map.copyOf(parameters);
        context = Map.copyOf(context);
    }

    /**
     * A parameter's value, or the default when the admin left it empty.
     *
     * @since 1.3.0
     */
    public String parameter(String name, String defaultValue) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
