package org.matricula.platform.registration;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** A stored document as a download; its type comes from the sniffed content, never from the name. */
final class DocumentDownload {

    private DocumentDownload() {
    }

    static Response of(Documents documents, UUID declarationId, UUID documentId) {
        StoredDocument document = documents.of(declarationId).stream()
                .filter(candidate -> candidate.id().equals(documentId)).findFirst()
                .orElseThrow(() -> new NotFoundException("No document " + documentId));
        return Response.ok(documents.content(declarationId, documentId), document.mediaType())
                .header("Content-Disposition", "attachment; filename=\"document-" + documentId + extension(document)
                        + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static String extension(StoredDocument document) {
        return switch (document.mediaType()) {
            case "application/pdf" -> ".pdf";
            case "image/png" -> ".png";
            default -> ".jpg";
        };
    }
}
