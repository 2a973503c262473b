package org.matricula.platform.errors;

import java.util.List;

/**
 * Input that cannot be accepted, with a message per field; answered with 422, or with another
 * client-error status where one says more (429 for too many attempts).
 */
public final class InvalidInputException extends RuntimeException {

    /** 422 Unprocessable Content, which JAX-RS has no constant for. */
    public static final int UNPROCESSABLE = 422;

    private final List<Problem.FieldProblem> errors;
    private final int status;

    public InvalidInputException(String message, List<Problem.FieldProblem> errors) {
        this(UNPROCESSABLE, message, errors);
    }

    private InvalidInputException(int status, String message, List<Problem.FieldProblem> errors) {
        super(message);
        this.errors = List.copyOf(errors);
        this.status = status;
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(message, List.of(new Problem.FieldProblem(field, message)));
    }

    /**
     * Input that cannot be accepted where the protocol asks for 400 Bad Request rather than 422
     * (xAPI statements), still with a message per field.
     */
    public static InvalidInputException unreadable(String message, List<Problem.FieldProblem> errors) {
        return new InvalidInputException(400, message, errors);
    }

    /** Refused for now because of too many attempts; the message says when to try again. */
    public static InvalidInputException tooManyAttempts(String message) {
        return new InvalidInputException(429, message, List.of());
    }

    public List<Problem.FieldProblem> errors() {
        return errors;
    }

    public int status() {
        return status;
    }
}
