package org.matricula.platform.errors;

/**
 * A request the platform turns down for a reason the caller can act on, told in the message.
 * Services throw these instead of HTTP exceptions, so they stay usable outside a request; the
 * kind decides the status code in {@code http.ErrorMappers}, the one place that maps them.
 */
public abstract class Refusal extends RuntimeException {

    /** Why the request is turned down. */
    public enum Kind {
        /** The request cannot be read as sent (400). */
        BAD_REQUEST,
        /** The caller may not do this (403). */
        FORBIDDEN,
        /** What the request names does not exist, or is not the caller's to see (404). */
        NOT_FOUND,
        /** The request clashes with what is stored (409). */
        CONFLICT
    }

    private final Kind kind;

    protected Refusal(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
