/**
 * Scenario actions: steps of the platform's automation scenarios that a plugin provides, such as
 * creating a student's account in another system, giving it a licence or adding it to a team.
 *
 * <p>A plugin implements {@link org.matricula.api.actions.ScenarioAction} once per action. The
 * platform keeps the scenarios, their runs and each step's state; it shows the action in the
 * scenario editor under its {@link org.matricula.api.actions.ScenarioAction#title() title}, with a
 * form built from its {@link org.matricula.api.actions.ScenarioAction#parameters() parameters},
 * and calls {@link org.matricula.api.actions.ScenarioAction#execute(ActionCall)} from its
 * cluster-safe workers, at least once per step: a step may be called again after a crash or a
 * retryable failure, always with the same {@link org.matricula.api.actions.ActionCall#idempotencyKey()
 * idempotency key}, so an action must do its work once per key.
 *
 * @since 1.3.0
 */
package org.matricula.api.actions;
