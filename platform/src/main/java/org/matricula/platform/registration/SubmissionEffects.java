package org.matricula.platform.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.event.DeclarationSubmitted;
import org.matricula.platform.notify.MailSender;
import org.matricula.platform.notify.OutboxEffects;
import org.matricula.platform.notify.OutboxHandler;
import org.matricula.platform.notify.OutboxItem;
import org.matricula.platform.notify.PluginEvents;

/**
 * The confirmation mail and plugin events of a submission, made by the outbox worker from the
 * stored declaration: a submission queues only their kind and the declaration's id, so the
 * request renders nothing. Entries that hold a whole mail or event (status changes, digests,
 * account mails) go to the plain handler unchanged.
 */
public final class SubmissionEffects implements OutboxEffects {

    private final Jdbi jdbi;
    private final DeclarationMails mails;
    private final ObjectMapper json = new ObjectMapper();

    public SubmissionEffects(Jdbi jdbi, String baseUrl) {
        this.jdbi = jdbi;
        this.mails = new DeclarationMails(baseUrl);
    }

    /** Mails: a submission's confirmation is written here, anything else sent as stored. */
    @Override
    public OutboxHandler mails(MailSender sender) {
        return item -> {
            Optional<UUID> declarationId = declarationOf(item);
            if (declarationId.isEmpty()) {
                sender.handle(item);
                return;
            }
            Submitted submitted = load(declarationId.get());
            // An applicant erased (or anonymized by retention) before the mail went has no address left.
            if (!submitted.declaration().email().isBlank()) {
                sender.deliver(item, mails.submitted(submitted.asSubmitted(), submitted.declaration().locale()));
            }
        };
    }

    /**
     * Plugin events: a submission's event is made here. Its id is the entry's idempotency key, so
     * a delivery repeated after a crash carries the same id as the first.
     */
    @Override
    public OutboxHandler events(PluginEvents events) {
        return item -> {
            Optional<UUID> declarationId = declarationOf(item);
            if (declarationId.isEmpty()) {
                events.handle(item);
                return;
            }
            Declaration declaration = load(declarationId.get()).declaration();
            events.deliver(item.target(), new DeclarationSubmitted(item.idempotencyKey(), declaration.id(),
                    declaration.familyId(), declaration.number(), declaration.projectSlug(),
                    declaration.programCode(), declaration.programName(), declaration.email(), declaration.values(),
                    declaration.submittedAt()));
        };
    }

    private Optional<UUID> declarationOf(OutboxItem item) throws Exception {
        JsonNode payload = json.readTree(item.payload());
        JsonNode id = payload.get("declarationId");
        return id != null && id.isTextual() ? Optional.of(UUID.fromString(id.asText())) : Optional.empty();
    }

    /** The declaration as stored now, with the status it was submitted in (a waitlisted one may have moved on). */
    private record Submitted(Declaration declaration, Status status) {

        Declaration asSubmitted() {
            Declaration d = declaration;
            return new Declaration(d.id(), d.number(), d.accountId(), d.projectId(), d.projectName(), d.projectSlug(),
                    d.programId(), d.programCode(), d.programName(), d.familyId(), status, d.holdsPlace(), d.values(),
                    d.fullName(), d.email(), d.category(), d.organization(), d.locale(), d.submittedAt(),
                    d.updatedAt());
        }
    }

    private Submitted load(UUID id) {
        DeclarationRowMapper mapper = new DeclarationRowMapper();
        return jdbi.withHandle(handle -> handle.createQuery("SELECT s.*, (SELECT h.to_status FROM declaration_history h"
                + " WHERE h.declaration_id = s.id AND h.from_status IS NULL ORDER BY h.id LIMIT 1) AS submitted_status"
                + " FROM (" + DeclarationDao.SELECT + " WHERE d.id = :id) s")
                .bind("id", id)
                .map((rs, ctx) -> new Submitted(mapper.map(rs, ctx), Status.valueOf(rs.getString("submitted_status"))))
                .findOne())
                .orElseThrow(() -> new IllegalStateException("declaration " + id + " is not stored"));
    }
}
