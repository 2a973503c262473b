package org.matricula.platform.errors;

/** A request that cannot be read as sent (400), as opposed to readable input that breaks a rule (422). */
public final class BadRequestException extends Refusal {

    public BadRequestException(String message) {
        super(Kind.BAD_REQUEST, message);
    }

    private BadRequestException(String messageKey, Object[] arguments) {
        super(Kind.BAD_REQUEST, messageKey, arguments);
    }

    /** Told by a message-bundle key, in the caller's language. */
    public static BadRequestException localized(String messageKey, Object... arguments) {
        return new BadRequestException(messageKey, arguments);
    }
}
