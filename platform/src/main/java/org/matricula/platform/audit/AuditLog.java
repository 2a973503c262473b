package org.matricula.platform.audit;

import org.jdbi.v3.core.Jdbi;

/** Appends to the audit log; nothing in the application updates or deletes its entries. */
public final class AuditLog {

    private final Jdbi jdbi;

    public AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * An entry for a write no person made through the administration: for instance a payment
     * booked on a provider's notification. {@code actor} names the machine ({@code acquiring:yookassa}).
     */
    public void machine(String actor, String action, String target, String afterJson) {
        append(new AuditEntry(null, actor, action, target, 200, "", "", null, afterJson));
    }

    void append(AuditEntry entry) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                INSERT INTO audit_log (actor_id, actor, action, target, status, request_id, client, before, after)
                VALUES (:actorId, :actor, :action, :target, :status, :requestId, :client,
                        CAST(:before AS jsonb), CAST(:after AS jsonb))""")
                .bind("actorId", entry.actorId()).bind("actor", entry.actor()).bind("action", entry.action())
                .bind("target", entry.target()).bind("status", entry.status()).bind("requestId", entry.requestId())
                .bind("client", entry.client()).bind("before", entry.before()).bind("after", entry.after())
                .execute());
    }
}
