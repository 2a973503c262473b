package org.matricula.platform.registration;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.matricula.platform.i18n.FileSize;

/**
 * An uploaded document as a page lists it: its name, its size in KB or MB, and whether the reader
 * may delete it there.
 */
public record DocumentView(UUID id, UUID declarationId, String originalName, String size, boolean deletable) {

    static List<DocumentView> of(List<StoredDocument> documents, boolean deletable, Locale locale) {
        return documents.stream().map(document -> new DocumentView(document.id(), document.declarationId(),
                document.originalName(), FileSize.text(document.sizeBytes(), locale), deletable)).toList();
    }
}
