package org.matricula.platform.db;

/** The database cannot be started, reached or migrated. */
public final class DatabaseException extends RuntimeException {

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
