package org.matricula.platform.registration;

import java.util.Optional;

/**
 * The document types an applicant may upload, recognised by their first bytes: a file's name
 * or declared type proves nothing.
 */
public enum DocumentType {
    PDF("application/pdf", new int[] {'%', 'P', 'D', 'F', '-'}),
    JPEG("image/jpeg", new int[] {0xFF, 0xD8, 0xFF}),
    PNG("image/png", new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});

    private final String mediaType;
    private final int[] signature;

    DocumentType(String mediaType, int[] signature) {
        this.mediaType = mediaType;
        this.signature = signature;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<DocumentType> sniff(byte[] content) {
        for (DocumentType type : values()) {
            if (type.matches(content)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private boolean matches(byte[] content) {
        if (content.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((content[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
