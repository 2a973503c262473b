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
import org.matricula.platform.notify.Outbox;
import org.matricula.platform.notify.OutboxEffects;
import org.matricula.platform.notify.OutboxHandler;
import org.matricula.platform.notify.OutboxItem;
import org.matricula.platform.notify.PluginEvents;

/**
 * The confirmation mail and plugin events of a submission, made by the outbox worker from the
 * stored declaration: a submission queues only their kind and the declaration's id, so the
 * request renders nothing. The declarations of a claimed batch's mails and events are read with
 * one statement.
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

    /**
     * One handler for both kinds, so that the worker hands it a batch's mails and events together
     * and the declarations they share are read once: a submission's confirmation mail and plugin
     * events are made here, any other entry is sent as stored.
     */
    @Override
    public Map<String, OutboxHandler> handlers(MailSender sender, PluginEvents events) {
        OutboxHandler handler = new OfSubmissions(sender, events);
        return Map.of(Outbox.MAIL, handler, Outbox.EVENT, handler);
    }

    /** An entry of the batch, with its submission's declaration as stored, or null for an entry sent as stored. */
    private record Entry(OutboxItem item, Submitted submitted) {
    }

    /**
     * Reads the declarations of the batch's submissions with one statement, then carries out the
     * batch's entries: the plugin events in their order, then the mails, over one connection.
     */
    private final class OfSubmissions implements BatchHandler {

        private final MailSender sender;
        private final PluginEvents events;

        OfSubmissions(MailSender sender, PluginEvents events) {
            this.sender = sender;
            this.events = events;
        }

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
            List<MailSender.Delivery> deliveries = new ArrayList<>();
            declarations.forEach((item, declaration) -> {
                Submitted submitted = declaration.map(stored::get).orElse(null);
                try {
                    if (declaration.isPresent() && submitted == null) {
                        throw new IllegalStateException("declaration " + declaration.get() + " is not stored");
                    }
                    if (item.kind().equals(Outbox.MAIL)) {
                        mail(new Entry(item, submitted)).ifPresent(deliveries::add);
                    } else {
                        event(new Entry(item, submitted));
                    }
                } catch (Exception e) {
                    failed.put(item.id(), e);
                }
            });
            failed.putAll(sender.deliverAll(deliveries));
            return failed;
        }

        /** The entry's mail: as stored, or the submission's confirmation; none for an applicant erased since. */
        private Optional<MailSender.Delivery> mail(Entry entry) throws IOException {
            Submitted submitted = entry.submitted();
            if (submitted == null) {
                return Optional.of(sender.asStored(entry.item()));
            }
            // An applicant erased (or anonymized by retention) before the mail went has no address left.
            if (submitted.recipient() == null) {
                return Optional.empty();
            }
            return Optional.of(new MailSender.Delivery(entry.item(),
                    mails.submitted(submitted.asSubmitted(), submitted.recipient(), submitted.declaration().locale())));
        }

        /**
         * Hands the entry's event to its plugin: as stored, or the submission's, whose id is the
         * entry's idempotency key, so that a delivery repeated after a crash carries the id of the first.
         */
        private void event(Entry entry) throws Exception {
            OutboxItem item = entry.item();
            if (entry.submitted() == null) {
                events.handle(item);
                return;
            }
            Declaration declaration = entry.submitted().declaration();
            events.deliver(item.target(), new DeclarationSubmitted(item.idempotencyKey(), declaration.id(),
                    declaration.familyId(), declaration.number(), declaration.projectSlug(), declaration.programCode(),
                    declaration.programName(), declaration.email(), declaration.values(), declaration.submittedAt()));
        }
    }

    private Optional<UUID> declarationOf(OutboxItem item) throws IOException {
        JsonNode payload = json.readTree(item.payload());
        JsonNode id = payload.get("declarationId");
        return id != null && id.isTextual() ? Optional.of(UUID.fromString(id.asText())) : Optional.empty();
    }

    /**
     * The declaration as stored now, with the status it was submitted in (a waitlisted one may have
     * moved on) and where its mails go (null when nowhere, see {@link DeclarationMails}).
     */
    private record Submitted(Declaration declaration, Status status, String recipient) {

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
        return jdbi.withHandle(handle -> handle.createQuery("SELECT d.*, (SELECT h.to_status FROM declaration_history h"
                + " WHERE h.declaration_id = d.id AND h.from_status IS NULL ORDER BY h.id LIMIT 1) AS submitted_status, "
                + DeclarationMails.RECIPIENT + " AS recipient"
                + " FROM (" + DeclarationDao.SELECT + " WHERE d.id = ANY(:ids)) d")
                .bindArray("ids", UUID.class, ids.stream().distinct().toArray())
                .map((rs, ctx) -> new Submitted(mapper.map(rs, ctx), Status.valueOf(rs.getString("submitted_status")),
                        rs.getString("recipient")))
                .stream()
                .collect(Collectors.toMap(submitted -> submitted.declaration().id(), submitted -> submitted)));
    }
}
