package org.matricula.platform.errors;

/** The signed-in caller may not do this (403). */
public final class ForbiddenException extends Refusal {

    public ForbiddenException(String message) {
        super(Kind.FORBIDDEN, message);
    }

    private ForbiddenException(String messageKey, Object[] arguments) {
        super(Kind.FORBIDDEN, messageKey, arguments);
    }

    /** Told by a message-bundle key, in the caller's language. */
    public static ForbiddenException localized(String messageKey, Object... arguments) {
        return new ForbiddenException(messageKey, arguments);
    }
}
