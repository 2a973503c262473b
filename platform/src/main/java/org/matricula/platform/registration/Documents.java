package org.matricula.platform.registration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.web.Language;

/**
 * Signed scans and other documents of a declaration, kept in the database (so a backup holds
 * them) and never served from a path built from their names.
 */
public final class Documents {

    public static final int MAX_BYTES = 10 * 1024 * 1024;
    /** Enough for every scan a declaration asks for, with retakes; a bound on what one declaration keeps. */
    public static final int MAX_PER_DECLARATION = 20;

    private final Jdbi jdbi;

    public Documents(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Stores an uploaded multipart file part; reads at most one byte more than the limit, so an
     * oversized upload is refused without being held in memory.
     */
    public StoredDocument store(UUID declarationId, InputStream file, FormDataContentDisposition disposition,
            UUID uploader, Locale locale) {
        byte[] content;
        try {
            content = file == null ? new byte[0] : file.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the uploaded file", e);
        }
        return store(declarationId, content, UploadedFileName.of(disposition), uploader, locale);
    }

    /**
     * Refuses an applicant's change to the files of a declaration that is decided or withdrawn: what
     * was decided on stays as it was. Staff may still change them.
     */
    public static void requireApplicantMayChange(Declaration declaration, Locale locale) {
        if (!declaration.status().withdrawable()) {
            throw new Conflict(Messages.text(locale, "office.declaration.decidedKeepsDocuments"));
        }
    }

    public StoredDocument store(UUID declarationId, byte[] content, String originalName, UUID uploader,
            Locale locale) {
        if (content.length == 0) {
            throw InvalidInputException.field("file", Messages.text(locale, "registration.chooseFile"));
        }
        if (content.length > MAX_BYTES) {
            throw InvalidInputException.field("file", Messages.text(locale, "registration.fileLargerThan10"));
        }
        DocumentType type = DocumentType.sniff(content).orElseThrow(() -> InvalidInputException.field("file",
                Messages.text(locale, "registration.uploadPdfJpegPng")));
        String name = safeName(originalName);
        return jdbi.inTransaction(handle -> {
            // The declaration's row is locked so that uploads sent at once cannot pass the limit together.
            handle.createQuery("SELECT 1 FROM declarations WHERE id = :declaration FOR NO KEY UPDATE")
                    .bind("declaration", declarationId).mapTo(Integer.class).findOne();
            int held = handle.createQuery("SELECT count(*) FROM declaration_documents WHERE declaration_id = :declaration")
                    .bind("declaration", declarationId).mapTo(Integer.class).one();
            if (held >= MAX_PER_DECLARATION) {
                throw InvalidInputException.field("file", Messages.text(locale, "registration.tooManyDocuments",
                        MAX_PER_DECLARATION));
            }
            return handle.createQuery("""
                INSERT INTO declaration_documents (declaration_id, media_type, original_name, size_bytes, content,
                                                   uploaded_by)
                VALUES (:declaration, :type, :name, :size, :content, :uploader)
                RETURNING id, declaration_id, media_type, original_name, size_bytes, uploaded_at""")
                .bind("declaration", declarationId).bind("type", type.mediaType()).bind("name", name)
                .bind("size", content.length).bind("content", content).bind("uploader", uploader)
                .map(new StoredDocumentRowMapper()).one();
        });
    }

    public List<StoredDocument> of(UUID declarationId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, declaration_id, media_type, original_name, size_bytes, uploaded_at
                FROM declaration_documents WHERE declaration_id = :declaration ORDER BY uploaded_at""")
                .bind("declaration", declarationId).map(new StoredDocumentRowMapper()).list());
    }

    /** The content of a document of this declaration; another declaration's document is "not found". */
    public byte[] content(UUID declarationId, UUID documentId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT content FROM declaration_documents WHERE id = :id AND declaration_id = :declaration")
                .bind("id", documentId).bind("declaration", declarationId).mapTo(byte[].class).findOne())
                .orElseThrow(() -> NotFoundException.localized("refusal.document.missing", documentId));
    }

    public void delete(UUID declarationId, UUID documentId) {
        int deleted = jdbi.withHandle(handle -> handle.createUpdate(
                "DELETE FROM declaration_documents WHERE id = :id AND declaration_id = :declaration")
                .bind("id", documentId).bind("declaration", declarationId).execute());
        if (deleted == 0) {
            throw NotFoundException.localized("refusal.document.missing", documentId);
        }
    }

    /** Deletes a document its uploader sent; another's document, or another declaration's, is "not found". */
    public void deleteOwn(UUID declarationId, UUID documentId, UUID uploader) {
        int deleted = jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM declaration_documents "
                + "WHERE id = :id AND declaration_id = :declaration AND uploaded_by = :uploader")
                .bind("id", documentId).bind("declaration", declarationId).bind("uploader", uploader).execute());
        if (deleted == 0) {
            throw NotFoundException.localized("refusal.document.missing", documentId);
        }
    }

    /** Keeps a readable name for the download only; it never becomes a path. */
    private static String safeName(String originalName) {
        String name = originalName == null ? "" : originalName.replaceAll("[\\\\/\\p{Cntrl}\"]", "_").strip();
        if (name.isEmpty()) {
            name = "document";
        }
        return name.length() > 120 ? name.substring(0, 120) : name;
    }
}
