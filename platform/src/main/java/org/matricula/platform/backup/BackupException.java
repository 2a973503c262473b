package org.matricula.platform.backup;

/** A backup or restore cannot go on; the message is the one line shown to the operator. */
public final class BackupException extends RuntimeException {

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
