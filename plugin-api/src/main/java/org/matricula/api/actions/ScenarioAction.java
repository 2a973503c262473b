package org.matricula.api.actions;

import org.matricula.api.LocalizedText;
import org.matricula.api.form.FormModel;
import org.pf4j.ExtensionPoint;

/**
 * One step a plugin offers to automation scenarios, e.g. "create a Microsoft 365 user".
 *
 * <p>Its lifecycle: the platform lists the extensions when an admin edits a scenario
 * ({@link #id()}, {@link #title()}, {@link #parameters()}); the values the admin enters are
 * validated by that form and stored with the scenario's version; when a run reaches the step,
 * {@link #execute(ActionCall)} is called with those values, the person the run is for, and what
 * earlier steps of the run answered. An answer's {@link ActionResult#outputs() outputs} are
 * handed to the later steps (and to mail templates as {@code {{run.<key>}}}).
 *
 * @since 1.3.0
 */
public interface ScenarioAction extends ExtensionPoint {

    /**
     * The action's id, unique within its plugin: lower-case letters, digits and dashes, e.g.
     * {@code create-user}. Scenario files name the action as {@code <plugin id>/<action id>}, so
     * the id must not change between versions of the plugin.
     *
     * @since 1.3.0
     */
    String id();

    /**
     * The action's name as admins read it in the scenario editor and the run log.
     *
     * @since 1.3.0
     */
    LocalizedText title();

    /**
     * The parameters an admin sets on the step (e.g. the licence's SKU, the team's id), built with
     * the form model of course families; empty by default.
     *
     * @since 1.3.0
     */
    default FormModel parameters() {
        return FormModel.of();
    }

    /**
     * Whether the action is set up to run (e.g. its credentials are configured). A step of an
     * action that is not ready fails with a retryable failure, so it runs once the action is set up.
     *
     * @since 1.3.0
     */
    default boolean ready() {
        return true;
    }

    /**
     * Does the step's work, once per {@link ActionCall#idempotencyKey()}: a second call with the same
     * key must not do it again but answer as the first did (look the work up, or pass the key on
     * to a service that honours one).
     *
     * @throws ActionFailure when the work could not be done; {@link ActionFailure#retryable()} says
     *     whether the platform should try again later (with backoff) or stop the run at this step
     * @since 1.3.0
     */
    ActionResult execute(ActionCall call) throws ActionFailure;
}
