package org.matricula.platform.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.event.DeclarationSubmitted;
import org.matricula.platform.notify.BatchHandler;
import org.matricula.platform.notify.MailSender;
import org.matricula.platform.notify.OutboxEffects;
import org.matricula.platform.notify.OutboxHandler;
import org.matricula.platform.notify.OutboxItem;
import org.matricula.platform.notify.PluginEvents;

/**
 * The confirmation mail and plugin events of a submission, made by the outbox worker from the
 * stored declaration: a submission queues only their kind and the declaration's id, so the
 * request renders nothing. The declarations of a claimed batch are read with one statement.
 * Entries that hold a whole mail or event (status changes, digests, account mails) go to the
 * plain handler unchanged.
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
        return new OfSubmissions() {
            @Override
            Map<Long, Exception> carryOut(List<Entry> entries) {
                Map<Long, Exception> failed = new LinkedHashMap<>();
                List<MailSender.Delivery> deliveries = new ArrayList<>();
                for (Entry entry : entries) {
                    Submitted submitted = entry.submitted();
                    if (submitted == null) {
                        try {
                            deliveries.add(sender.asStored(entry.item()));
                        } catch (IOException e) {
                            failed.put(entry.item().id(), e);
                        }
                    } else if (!submitted.declaration().email().isBlank()) {
                        // An applicant erased (or anonymized by retention) before the mail went has no address left.
                        deliveries.add(new MailSender.Delivery(entry.item(),
                                mails.submitted(submitted.asSubmitted(), submitted.declaration().locale())));
                    }
                }
                failed.putAll(sender.deliverAll(deliveries));
                return failed;
            }
        };
    }

    /**
     * Plugin events: a submission's event is made here. Its id is the entry's idempotency key, so
     * a delivery repeated after a crash carries the same id as the first.
     */
    @Override
    public OutboxHandler events(PluginEvents events) {
        return new OfSubmissions() {
            @Override
            Map<Long, Exception> carryOut(List<Entry> entries) {
                Map<Long, Exception> failed = new LinkedHashMap<>();
                for (Entry entry : entries) {
                    OutboxItem item = entry.item();
                    try {
                        if (entry.submitted() == null) {
                            events.handle(item);
                        } else {
                            Declaration declaration = entry.submitted().declaration();
                            events.deliver(item.target(), new DeclarationSubmitted(item.idempotencyKey(),
                                    declaration.id(), declaration.familyId(), declaration.number(),
                                    declaration.projectSlug(), declaration.programCode(), declaration.programName(),
                                    declaration.email(), declaration.values(), declaration.submittedAt()));
                        }
                    } catch (Exception e) {
                        failed.put(item.id(), e);
                    }
                }
                return failed;
            }
        };
    }

    /** An entry of the batch, with its submission's declaration as stored, or null for an entry sent as stored. */
    private record Entry(OutboxItem item, Submitted submitted) {
    }

    /**
     * A handler that reads the declarations of the batch's submissions with one statement, then
     * carries out the batch's entries in their order.
     */
    private abstract class OfSubmissions implements BatchHandler {

        /** Carries out the entries, in order; answers the failures by entry id. */
        abstract Map<Long, Exception> carryOut(List<Entry> entries);

        @Override
        public Map<Long, Exception> handleAll(List<OutboxItem> items) {
            Map<Long, Exception> failed = new LinkedHashMap<>();
            Map<OutboxItem, Optional<UUID>> declarations = new LinkedHashMap<>();
            for (OutboxItem item : items) {
                try {
                    declarations.put(item, declarationOf(item));
                } catch (IOException | IllegalArgumentException e) {
                    failed.put(item.id(), e);
                }
            }
            Map<UUID, Submitted> stored = load(declarations.values().stream().flatMap(Optional::stream).toList());
            List<Entry> entries = new ArrayList<>();
            declarations.forEach((item, declaration) -> {
                if (declaration.isEmpty()) {
                    entries.add(new Entry(item, null));
                } else if (stored.containsKey(declaration.get())) {
                    entries.add(new Entry(item, stored.get(declaration.get())));
                } else {
                    failed.put(item.id(), new IllegalStateException("declaration " + declaration.get()
                            + " is not stored"));
                }
            });
            failed.putAll(carryOut(entries));
            return failed;
        }
    }

    private Optional<UUID> declarationOf(OutboxItem item) throws IOException {
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

    /** The stored declarations of these ids, with one statement, by id; an id not stored is left out. */
    private Map<UUID, Submitted> load(java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        DeclarationRowMapper mapper = new DeclarationRowMapper();
        return jdbi.withHandle(handle -> handle.createQuery("SELECT s.*, (SELECT h.to_status FROM declaration_history h"
                + " WHERE h.declaration_id = s.id AND h.from_status IS NULL ORDER BY h.id LIMIT 1) AS submitted_status"
                + " FROM (" + DeclarationDao.SELECT + " WHERE d.id = ANY(:ids)) s")
                .bindArray("ids", UUID.class, ids.stream().distinct().toArray())
                .map((rs, ctx) -> new Submitted(mapper.map(rs, ctx), Status.valueOf(rs.getString("submitted_status"))))
                .stream()
                .collect(Collectors.toMap(submitted -> submitted.declaration().id(), submitted -> submitted)));
    }
}
