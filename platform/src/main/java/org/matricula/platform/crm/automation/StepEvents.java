package org.matricula.platform.crm.automation;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Told of the steps a run has finished, in the transaction that records them, so that other
 * systems hear of them (the outgoing webhooks' {@code scenario.step} event).
 */
@FunctionalInterface
public interface StepEvents {

    /** Hears nothing. */
    StepEvents NONE = (handle, steps) -> { };

    /** One finished step of a run. */
    record Finished(long scenarioId, int version, long runId, UUID personId, int index, String type, String state,
            String summary, String idempotencyKey) {
    }

    /** The steps, all of one run, finished in the caller's transaction. */
    void finished(Handle handle, List<Finished> steps);
}
