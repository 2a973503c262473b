package org.matricula.platform.audit;

import java.util.UUID;

/** One line of the audit log as it is written. */
record AuditEntry(UUID actorId, String actor, String action, String target, int status, String requestId,
        String client, String before, String after) {
}
