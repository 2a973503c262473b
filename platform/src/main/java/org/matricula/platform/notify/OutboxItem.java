package org.matricula.platform.notify;

import java.util.UUID;

/** One claimed outbox entry; {@code attempts} counts this attempt too. */
public record OutboxItem(long id, String kind, String target, String payload, UUID idempotencyKey, int attempts) {
}
