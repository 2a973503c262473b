package org.matricula.platform.errors;

import java.util.Locale;
import org.matricula.platform.i18n.Messages;

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
    private final String messageKey;
    private final Object[] messageArguments;

    /** A refusal told in one fixed text, the same in every language (e.g. a machine's message). */
    protected Refusal(Kind kind, String message) {
        super(message);
        this.kind = kind;
        this.messageKey = null;
        this.messageArguments = new Object[0];
    }

    /**
     * A refusal told by a message-bundle key, read in the caller's language when answered; the
     * exception's own message (for logs) is the English text.
     */
    protected Refusal(Kind kind, String messageKey, Object[] arguments) {
        super(Messages.text(Locale.ENGLISH, messageKey, arguments));
        this.kind = kind;
        this.messageKey = messageKey;
        this.messageArguments = arguments.clone();
    }

    /** The reason in the given language where it comes from the bundles, else the fixed text. */
    public String message(Locale locale) {
        return messageKey == null ? getMessage() : Messages.text(locale, messageKey, messageArguments);
    }

    public Kind kind() {
        return kind;
    }
}
