package org.matricula.platform.errors;

/** What the request names does not exist, or is not the caller's to see (404). */
public final class NotFoundException extends Refusal {

    public NotFoundException(String message) {
        super(Kind.NOT_FOUND, message);
    }
}
