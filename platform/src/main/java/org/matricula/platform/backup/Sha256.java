package org.matricula.platform.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash that guards every entry of a backup file against damage. */
final class Sha256 {

    private Sha256() {
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
