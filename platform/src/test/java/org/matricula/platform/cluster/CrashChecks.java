package org.matricula.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.cluster.SubmissionLoad.Outcome;

/**
 * What must hold once a killed node's successor has carried out the outbox: declarations are
 * stored whole or not at all, each with exactly its history row and its two outbox entries (the
 * confirmation mail and the plugin event), and nothing points at a declaration that is not there.
 */
final class CrashChecks {

    /**
     * Every outbox entry with the declaration number it is about. A submission's entries name only
     * the declaration; its event's id is the entry's idempotency key.
     */
    static final String EFFECTS = """
            WITH effects AS (
                SELECT o.id, o.kind, o.target, o.status, o.idempotency_key::text AS idempotency_key,
                       d.number, o.payload->>'declarationId' AS declaration_id,
                       o.idempotency_key::text AS event_id
                FROM outbox o LEFT JOIN declarations d ON d.id::text = o.payload->>'declarationId')
            """;

    private record Stored(String number, UUID account, String status) {
    }

    private final Jdbi jdbi;
    private final String family;

    CrashChecks(Jdbi jdbi, String family) {
        this.jdbi = jdbi;
        this.family = family;
    }

    void answeredDeclarationsAreStored(List<Outcome> created) {
        Map<UUID, Stored> stored = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, number, account_id, status FROM declarations")
                .map((rs, ctx) -> stored.put(rs.getObject("id", UUID.class), new Stored(rs.getString("number"),
                        rs.getObject("account_id", UUID.class), rs.getString("status")))).list());
        for (Outcome outcome : created) {
            assertEquals(new Stored(outcome.number(), outcome.accountId(), "SUBMITTED"),
                    stored.get(outcome.declarationId()), "the declaration answered with " + outcome.number());
        }
    }

    /** Whether the declaration of an unanswered request is there, found by its applicant (one each). */
    boolean stored(Outcome unanswered) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM declarations WHERE account_id = :account")
                .bind("account", unanswered.accountId()).mapTo(Integer.class).one()) == 1;
    }

    void storedWholeOrNotAtAll() {
        none("declarations without exactly one history row, their submission", """
                SELECT d.number FROM declarations d LEFT JOIN declaration_history h ON h.declaration_id = d.id
                GROUP BY d.number
                HAVING count(h.id) <> 1 OR count(*) FILTER (WHERE h.from_status IS NULL) <> 1""");
        none("history rows of no declaration", """
                SELECT h.id::text FROM declaration_history h LEFT JOIN declarations d ON d.id = h.declaration_id
                WHERE d.id IS NULL""");
        none("outbox entries of no stored declaration", EFFECTS + """
                SELECT e.id::text FROM effects e LEFT JOIN declarations d ON d.number = e.number
                    AND (e.kind = 'mail' OR (e.declaration_id = d.id::text AND e.target = :family))
                WHERE d.id IS NULL""");
        none("declarations without exactly one confirmation mail and one plugin event", EFFECTS + """
                SELECT d.number FROM declarations d LEFT JOIN effects e ON e.number = d.number GROUP BY d.number
                HAVING count(e.id) <> 2 OR count(*) FILTER (WHERE e.kind = 'mail') <> 1
                    OR count(*) FILTER (WHERE e.kind = 'event' AND e.target = :family) <> 1""");
        none("outbox entries not carried out", "SELECT id || ' ' || status FROM outbox WHERE status <> 'DONE'");
    }

    private void none(String what, String query) {
        List<String> found = jdbi.withHandle(h -> {
            var select = h.createQuery(query);
            if (query.contains(":family")) {
                select.bind("family", family);
            }
            return select.mapTo(String.class).list();
        });
        assertTrue(found.isEmpty(), what + ": " + found);
    }
}
