package org.matricula.platform.errors;

/** What the request names does not exist, or is not the caller's to see (404). */
public final class NotFoundException extends Refusal {

    public NotFoundException(String message) {
        super(Kind.NOT_FOUND, message);
    }

    private NotFoundException(String messageKey, Object[] arguments) {
        super(Kind.NOT_FOUND, messageKey, arguments);
    }

    /** Told by a message-bundle key, in the caller's language. */
    public static NotFoundException localized(String messageKey, Object... arguments) {
        return new NotFoundException(messageKey, arguments);
    }
}
