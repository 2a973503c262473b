package org.matricula.platform.crm.deals;

import java.util.UUID;

/**
 * Enrols a declaration through registration's own status change, handed to the deals by the
 * composition root so that the CRM imports nothing of registration.
 */
@FunctionalInterface
public interface Enrolment {

    /** Moves the declaration to ENROLLED; throws the platform's refusal when it may not move. */
    void enrol(UUID declaration);
}
