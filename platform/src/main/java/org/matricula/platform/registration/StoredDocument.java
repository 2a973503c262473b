package org.matricula.platform.registration;

import java.time.Instant;
import java.util.UUID;

/** An uploaded document's description; the content is read separately. */
public record StoredDocument(UUID id, UUID declarationId, String mediaType, String originalName, int sizeBytes,
        Instant uploadedAt) {
}
