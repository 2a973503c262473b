package org.matricula.platform.errors;

/** A request that clashes with what is stored (409), with a message saying what to do instead. */
public final class Conflict extends Refusal {

    public Conflict(String message) {
        super(Kind.CONFLICT, message);
    }

    private Conflict(String messageKey, Object[] arguments) {
        super(Kind.CONFLICT, messageKey, arguments);
    }

    /** Told by a message-bundle key, in the caller's language. */
    public static Conflict localized(String messageKey, Object... arguments) {
        return new Conflict(messageKey, arguments);
    }
}
