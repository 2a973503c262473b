package org.matricula.platform.registration;

import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.matricula.platform.errors.NotFoundException;

/**
 * A stored document or a declaration's PDF as a download; a document's type comes from the sniffed
 * content, never from the name.
 */
final class DocumentDownload {

    private DocumentDownload() {
    }

    static Response of(Documents documents, UUID declarationId, UUID documentId) {
        StoredDocument document = documents.of(declarationId).stream()
                .filter(candidate -> candidate.id().equals(documentId)).findFirst()
                .orElseThrow(() -> NotFoundException.localized("refusal.document.missing", documentId));
        return Response.ok(documents.content(declarationId, documentId), document.mediaType())
                .header("Content-Disposition", "attachment; filename=\"document-" + documentId + extension(document)
                        + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    static Response pdf(Declaration declaration, byte[] pdf) {
        return Response.ok(pdf, "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"declaration-" + declaration.number() + ".pdf\"")
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
